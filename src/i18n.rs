//! The binary's words, in English or Chinese: Project Fluent catalogues (`data/i18n/en.ftl`,
//! `data/i18n/zh.ftl`) compiled into the binary. Each message is found and parsed when it is
//! first asked for, so a command pays for its own words only (a few dozen microseconds for
//! `info`), and one that prints none parses nothing. The language comes from `--lang`, else from
//! LC_ALL, LC_MESSAGES and LANG as POSIX orders them (`zh*` is Chinese); machine output
//! (JSON, CSV, pcap, exit codes) never changes with it.
//!
//! Messages are asked for with [`t!`]: `t!("same-subnet-host", name = "A")`.

use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::cli::Lang;

static CHOSEN: OnceLock<Lang> = OnceLock::new();
static EN: OnceLock<Mutex<FluentBundle<FluentResource>>> = OnceLock::new();
static ZH: OnceLock<Mutex<FluentBundle<FluentResource>>> = OnceLock::new();

/// The English catalogue.
pub const EN_FTL: &str = include_str!("../data/i18n/en.ftl");
/// The Chinese catalogue.
pub const ZH_FTL: &str = include_str!("../data/i18n/zh.ftl");

/// The language from `--lang`, else from the environment: the first of LC_ALL, LC_MESSAGES
/// and LANG that is set and not empty decides, and `zh`, `zh_CN.UTF-8`, `zh_TW` ... are
/// Chinese; anything else (or nothing) is English.
pub fn detect(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(l) = flag {
        return l;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().filter_map(|v| env(v)).find(|v| !v.is_empty());
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

/// Chooses the language for this run (the first call wins).
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// The language of this run (English until one is chosen).
pub fn lang() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// Where each message of a catalogue is: its key and its text (the `key = ...` line and the
/// indented lines that continue it), in one pass over the catalogue, nothing parsed. Messages
/// refer to no other message or term, so each parses alone.
fn index(text: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.starts_with(' ') {
            // A continuation: the message before grows to here.
            if let Some(last) = out.last_mut()
                && last.2 == start
            {
                last.2 = at;
            }
        } else if !line.starts_with('#')
            && let Some((key, _)) = line.split_once('=')
        {
            out.push((key.trim(), start, at));
        }
    }
    out.into_iter().map(|(k, a, b)| (k, &text[a..b])).collect()
}

/// A message that is one line of text and `{ $name }` placeables, formatted without Fluent
/// (start-up: most of netcalc's messages are such); `None` for anything else, which goes
/// through Fluent. A test checks both ways give the same text for every message.
fn simple(text: &str, args: &FluentArgs<'_>) -> Option<String> {
    let (_, value) = text.split_once('=')?;
    let value = value.trim();
    if value.contains('\n') {
        return None;
    }
    let mut out = String::with_capacity(value.len() + 32);
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let name = rest[open + 1..close].trim().strip_prefix('$')?;
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return None;
        }
        match args.get(name)? {
            FluentValue::String(v) => out.push_str(v),
            FluentValue::Number(n) => out.push_str(&n.as_string()),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

/// The text of message `key` in `lang`'s catalogue.
fn message_text(lang: Lang, key: &str) -> Option<&'static str> {
    static EN_INDEX: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
    static ZH_INDEX: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
    let index = match lang {
        Lang::En => EN_INDEX.get_or_init(|| index(EN_FTL)),
        Lang::Zh => ZH_INDEX.get_or_init(|| index(ZH_FTL)),
    };
    index.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// `lang`'s bundle, holding the messages asked for so far.
fn bundle(lang: Lang) -> &'static Mutex<FluentBundle<FluentResource>> {
    let (cell, tag) = match lang {
        Lang::En => (&EN, "en"),
        Lang::Zh => (&ZH, "zh"),
    };
    cell.get_or_init(|| {
        let id: unic_langid::LanguageIdentifier = tag.parse().expect("a valid language tag");
        let mut b = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around values: a terminal shows them as stray bytes.
        b.set_use_isolating(false);
        Mutex::new(b)
    })
}

/// Formats message `key` of `lang`: directly if it is simple, else through Fluent (parsing
/// it on its first use).
fn format(lang: Lang, key: &str, args: &FluentArgs<'_>) -> Option<String> {
    let text = message_text(lang, key)?;
    if let Some(done) = simple(text, args) {
        return Some(done);
    }
    fluent(lang, key, text, args)
}

/// Formats message `key` (whose catalogue text is `text`) of `lang` through Fluent.
fn fluent(lang: Lang, key: &str, text: &str, args: &FluentArgs<'_>) -> Option<String> {
    let mut b = bundle(lang).lock().unwrap_or_else(|e| e.into_inner());
    if !b.has_message(key) {
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        b.add_resource_overriding(res);
    }
    let pattern = b.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(b.format_pattern(pattern, Some(args), &mut errors).into_owned())
}

/// The message `key` in this run's language, with `args`; the English one if the catalogue
/// lacks it (a test makes sure none does), the key itself if neither has it.
pub fn tr(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    format(lang(), key, &fargs).or_else(|| format(Lang::En, key, &fargs)).unwrap_or_else(|| key.to_string())
}

/// A message in this run's language: `t!("key")` or `t!("key", name = value, ...)`; values
/// are anything that converts into a Fluent value (strings, numbers), or displayed with
/// `.to_string()` first.
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($key, &[$((stringify!($name), fluent_bundle::FluentValue::from($value))),+])
    };
}
pub(crate) use t;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Each message's variables, by key.
    fn variables(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn walk(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for e in &p.elements {
                if let PatternElement::Placeable { expression } = e {
                    expr(expression, out);
                }
            }
        }
        fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        walk(&v.value, out);
                    }
                }
                Expression::Inline(i) => inline(i, out),
            }
        }
        fn inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            if let InlineExpression::VariableReference { id } = i {
                out.insert(id.name.to_string());
            }
        }
        let res =
            fluent_syntax::parser::parse(ftl).unwrap_or_else(|(_, e)| panic!("the catalogue parses: {e:?}"));
        let mut all = BTreeMap::new();
        for entry in res.body {
            if let Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(v) = &m.value {
                    walk(v, &mut vars);
                }
                all.insert(m.id.name.to_string(), vars);
            }
        }
        all
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages_with_the_same_variables() {
        let (en, zh) = (variables(EN_FTL), variables(ZH_FTL));
        assert!(!en.is_empty());
        let missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
        let missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing_zh.is_empty(), "missing from zh.ftl: {missing_zh:?}");
        assert!(missing_en.is_empty(), "missing from en.ftl: {missing_en:?}");
        for (k, v) in &en {
            assert_eq!(Some(v), zh.get(k), "{k}: the same variables in both");
        }
    }

    /// Every message found alone formats as it does in the whole catalogue, in both languages
    /// (so none refers to another, and none is cut short).
    #[test]
    fn each_message_parsed_alone_is_the_message_of_the_whole_catalogue() {
        for (lang, text, tag) in [(Lang::En, EN_FTL, "en"), (Lang::Zh, ZH_FTL, "zh")] {
            let mut whole =
                FluentBundle::new_concurrent(vec![tag.parse::<unic_langid::LanguageIdentifier>().unwrap()]);
            whole.set_use_isolating(false);
            whole.add_resource(FluentResource::try_new(text.to_string()).unwrap()).unwrap();
            for (key, vars) in variables(text) {
                for numbers in [false, true] {
                    let mut args = FluentArgs::new();
                    for (i, v) in vars.iter().enumerate() {
                        if numbers {
                            args.set(v.clone(), i * 1000 + 7);
                        } else {
                            args.set(v.clone(), format!("<{v}>"));
                        }
                    }
                    let mut errors = Vec::new();
                    let pattern = whole.get_message(&key).and_then(|m| m.value()).unwrap();
                    let want = whole.format_pattern(pattern, Some(&args), &mut errors).into_owned();
                    assert!(errors.is_empty(), "{lang:?} {key}: {errors:?}");
                    assert_eq!(format(lang, &key, &args).as_deref(), Some(want.as_str()), "{lang:?} {key}");
                    let text = message_text(lang, &key).unwrap();
                    let slow = fluent(lang, &key, text, &args);
                    assert_eq!(slow.as_deref(), Some(want.as_str()), "{lang:?} {key} through Fluent alone");
                }
            }
        }
    }

    #[test]
    fn the_environment_chooses_and_the_flag_overrides() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(detect(None, env(&[])), Lang::En);
        assert_eq!(detect(None, env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(detect(None, env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")])), Lang::En);
        assert_eq!(detect(None, env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW")])), Lang::Zh);
        assert_eq!(detect(None, env(&[("LC_ALL", ""), ("LANG", "zh")])), Lang::Zh, "empty is unset");
        assert_eq!(detect(Some(Lang::En), env(&[("LANG", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(detect(Some(Lang::Zh), env(&[])), Lang::Zh);
    }

    #[test]
    fn messages_take_their_values_in_both_languages() {
        let mut args = FluentArgs::new();
        args.set("network", "10.0.0.0/8");
        assert_eq!(format(Lang::Zh, "same-subnet-same", &args).unwrap(), "同一网段：都在 10.0.0.0/8");
        assert_eq!(format(Lang::Zh, "category-private", &args).unwrap(), "内网（private）");
        assert_eq!(format(Lang::Zh, "no-such-message", &args), None);
        assert_eq!(tr("same-subnet-host", &[("name", "A".into())]), "host A", "English until chosen");
    }
}
