//! The binary's words, in English or Chinese: Project Fluent catalogues (`data/i18n/en.ftl`,
//! `data/i18n/zh.ftl`) compiled into the binary and indexed at build time (build.rs): a
//! message that is text and `{ $values }` is filled in directly, anything else goes through
//! the Fluent runtime, which parses that message alone on its first use. Start-up pays for
//! nothing but the words it prints. The language comes from `--lang`, else from
//! LC_ALL, LC_MESSAGES and LANG as POSIX orders them (`zh*` is Chinese); machine output
//! (JSON, CSV, pcap, exit codes) never changes with it.
//!
//! Messages are asked for with [`t!`]: `t!("same-subnet-host", name = "A")`.

use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use std::borrow::Cow;
use std::fmt::Write as _;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::cli::Lang;

static CHOSEN: OnceLock<Lang> = OnceLock::new();
static EN_BUNDLE: OnceLock<Mutex<FluentBundle<FluentResource>>> = OnceLock::new();
static ZH_BUNDLE: OnceLock<Mutex<FluentBundle<FluentResource>>> = OnceLock::new();

/// The English catalogue (the tests read it whole).
#[cfg(test)]
const EN_FTL: &str = include_str!("../data/i18n/en.ftl");
/// The Chinese catalogue.
#[cfg(test)]
const ZH_FTL: &str = include_str!("../data/i18n/zh.ftl");

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

/// A value for a message: text, or a whole number (formatted without Fluent's floating
/// point, the trace's hot path).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text.
    Str(Cow<'a, str>),
    /// A whole number.
    Int(i128),
    /// An IPv4 address.
    Ip(std::net::Ipv4Addr),
    /// A MAC address.
    Mac(netcalc::mac::MacAddr),
}

impl From<std::net::Ipv4Addr> for Arg<'_> {
    fn from(a: std::net::Ipv4Addr) -> Self {
        Arg::Ip(a)
    }
}

impl From<netcalc::mac::MacAddr> for Arg<'_> {
    fn from(m: netcalc::mac::MacAddr) -> Self {
        Arg::Mac(m)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(s.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Int(n as i128)
            }
        }
    )*};
}
int_args!(u8, u16, u32, u64, usize, i32, i64);

impl<'a> Arg<'a> {
    fn fluent(&self) -> FluentValue<'a> {
        match self {
            Arg::Str(s) => FluentValue::String(s.clone()),
            Arg::Int(n) => FluentValue::from(*n as f64),
            Arg::Ip(a) => FluentValue::from(a.to_string()),
            Arg::Mac(m) => FluentValue::from(m.to_string()),
        }
    }
}

/// Takes `--lang L` and `--lang=L` out of the command line, wherever they stand before a
/// `--`; returns the rest and the last language given, or the bad value.
pub fn take_lang(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Result<(Vec<std::ffi::OsString>, Option<Lang>), String> {
    let parse = |v: &str| match v {
        "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        other => Err(other.to_string()),
    };
    let mut rest = Vec::new();
    let mut lang = None;
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--") => {
                rest.push(a);
                rest.extend(args);
                break;
            }
            Some("--lang") => {
                let v = args.next().ok_or_else(|| "(none)".to_string())?;
                lang = Some(parse(&v.to_string_lossy())?);
            }
            Some(s) if s.starts_with("--lang=") => lang = Some(parse(&s["--lang=".len()..])?),
            _ => rest.push(a),
        }
    }
    Ok((rest, lang))
}

/// Chooses the language for this run (the first call wins).
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// The language of this run (English until one is chosen).
pub fn lang() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

// The catalogues, indexed at build time (build.rs): for each of `EN` and `ZH`, `_TEXT` (every
// text), `_MSGS` (each message's text and pieces), `_PIECES`, and `en_index`/`zh_index`.
include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// A message of a catalogue: its text, and where its pieces are if it is simple.
#[derive(Clone, Copy)]
struct Message {
    all: &'static str,
    pieces: &'static [(u8, u32, u32)],
    text: (u32, u32),
    simple: Option<(u32, u32)>,
}

impl Message {
    fn text(&self) -> &'static str {
        &self.all[self.text.0 as usize..self.text.1 as usize]
    }

    /// Fills in a simple message's pieces; `None` if it is not simple or a value is missing.
    fn fill(&self, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let (first, count) = self.simple?;
        let mut out = String::with_capacity(64);
        for &(kind, a, b) in &self.pieces[first as usize..(first + count) as usize] {
            let piece = &self.all[a as usize..b as usize];
            if kind == 0 {
                out.push_str(piece);
                continue;
            }
            match &args.iter().find(|(k, _)| *k == piece)?.1 {
                Arg::Str(v) => out.push_str(v),
                Arg::Int(n) => {
                    let _ = write!(out, "{n}");
                }
                Arg::Ip(a) => {
                    let _ = write!(out, "{a}");
                }
                Arg::Mac(m) => {
                    let _ = write!(out, "{m}");
                }
            }
        }
        Some(out)
    }
}

/// Message `key` of `lang`'s catalogue.
fn entry(lang: Lang, key: &str) -> Option<Message> {
    let (all, msgs, pieces, i): (_, &[(u32, u32, u32, u32)], _, _) = match lang {
        Lang::En => (EN_TEXT, &EN_MSGS, &EN_PIECES[..], en_index(key)?),
        Lang::Zh => (ZH_TEXT, &ZH_MSGS, &ZH_PIECES[..], zh_index(key)?),
    };
    let (a, b, first, count) = msgs[i];
    Some(Message { all, pieces, text: (a, b), simple: (count != u32::MAX).then_some((first, count)) })
}

/// The text of message `key` in `lang`'s catalogue.
#[cfg(test)]
fn message_text(lang: Lang, key: &str) -> Option<&'static str> {
    entry(lang, key).map(|e| e.text())
}

/// `lang`'s bundle, holding the messages asked for so far.
fn bundle(lang: Lang) -> &'static Mutex<FluentBundle<FluentResource>> {
    let (cell, tag) = match lang {
        Lang::En => (&EN_BUNDLE, "en"),
        Lang::Zh => (&ZH_BUNDLE, "zh"),
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
fn format(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let m = entry(lang, key)?;
    if let Some(done) = m.fill(args) {
        return Some(done);
    }
    let text = m.text();
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.fluent());
    }
    fluent(lang, key, text, &fargs)
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
pub fn tr(key: &str, args: &[(&str, Arg<'_>)]) -> String {
    tr_in(lang(), key, args)
}

/// The message `key` in `lang` (machine-readable words, such as the events of `--json`, are
/// always English), with `args`.
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    format(lang, key, args).or_else(|| format(Lang::En, key, args)).unwrap_or_else(|| key.to_string())
}

/// A message in this run's language: `t!("key")` or `t!("key", name = value, ...)`; values
/// are anything that converts into a Fluent value (strings, numbers), or displayed with
/// `.to_string()` first.
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}
pub(crate) use t;

/// A message in a given language: `t_in!(lang, "key", name = value, ...)`.
macro_rules! t_in {
    ($lang:expr, $key:literal) => {
        $crate::i18n::tr_in($lang, $key, &[])
    };
    ($lang:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_in($lang, $key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}
pub(crate) use t_in;

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
                    let values: Vec<(&str, Arg<'_>)> = vars
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let value =
                                if numbers { Arg::from(i * 1000 + 7) } else { Arg::from(format!("<{v}>")) };
                            (v.as_str(), value)
                        })
                        .collect();
                    let mut args = FluentArgs::new();
                    for (k, v) in &values {
                        args.set(*k, v.fluent());
                    }
                    let mut errors = Vec::new();
                    let pattern = whole.get_message(&key).and_then(|m| m.value()).unwrap();
                    let want = whole.format_pattern(pattern, Some(&args), &mut errors).into_owned();
                    assert!(errors.is_empty(), "{lang:?} {key}: {errors:?}");
                    assert_eq!(format(lang, &key, &values).as_deref(), Some(want.as_str()), "{lang:?} {key}");
                    let text = message_text(lang, &key).unwrap();
                    let slow = fluent(lang, &key, text, &args);
                    assert_eq!(slow.as_deref(), Some(want.as_str()), "{lang:?} {key} through Fluent alone");
                }
            }
        }
    }

    #[test]
    fn lang_is_taken_out_anywhere_before_a_double_dash() {
        let os = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let (rest, l) = take_lang(os(&["netcalc", "info", "--lang", "zh", "10.0.0.1"])).unwrap();
        assert_eq!((rest, l), (os(&["netcalc", "info", "10.0.0.1"]), Some(Lang::Zh)));
        let (rest, l) =
            take_lang(os(&["netcalc", "--lang=en", "echo", "client", "a:1", "--", "--lang"])).unwrap();
        assert_eq!((rest, l), (os(&["netcalc", "echo", "client", "a:1", "--", "--lang"]), Some(Lang::En)));
        assert_eq!(take_lang(os(&["netcalc", "--lang", "fr"])), Err("fr".to_string()));
        assert!(take_lang(os(&["netcalc", "info", "--lang"])).is_err());
        assert_eq!(take_lang(os(&["netcalc", "info"])).unwrap().1, None);
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
        let args = [("network", Arg::from("10.0.0.0/8"))];
        assert_eq!(format(Lang::Zh, "same-subnet-same", &args).unwrap(), "同一网段：都在 10.0.0.0/8");
        assert_eq!(format(Lang::Zh, "category-private", &args).unwrap(), "内网（private）");
        assert_eq!(format(Lang::Zh, "no-such-message", &args), None);
        assert_eq!(tr("same-subnet-host", &[("name", "A".into())]), "host A", "English until chosen");
    }
}
