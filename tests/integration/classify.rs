//! `classify`: the reference vectors, the bulk contract (one record per line, in order, errors
//! inline, exit 2), filters and formats.

use crate::util::{code, json_lines, run, run_stdin, stderr, stdout};

/// Every row of the reference sample: category and globally_reachable as expected, errors as
/// error records, all in one streamed run.
#[test]
fn reference_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/classify-vectors-sample.csv");
    let mut rdr = csv_rows(&std::fs::read_to_string(path).unwrap());
    let header = rdr.remove(0);
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (c_in, c_verdict, c_global) = (col("input_json"), col("verdict"), col("globally_reachable"));
    let mut inputs = Vec::new();
    let mut expected = Vec::new();
    for row in &rdr {
        let input: String = serde_json::from_str(&row[c_in]).unwrap();
        // A line-oriented run cannot carry line ends inside an input; none are in the sample,
        // and the parser tests cover them.
        assert!(!input.contains(['\n', '\r']), "{input:?}");
        inputs.push(input);
        expected.push((row[c_verdict].clone(), row[c_global].clone()));
    }
    assert!(inputs.len() > 150, "the sample has {} rows", inputs.len());
    let mut stdin = inputs.join("\n").into_bytes();
    stdin.push(b'\n');
    let o = run_stdin(&["classify", "--json"], stdin);
    assert_eq!(code(&o), 2, "the sample has invalid rows");
    let records = json_lines(&o);
    assert_eq!(records.len(), inputs.len(), "one record per input line");
    for ((input, (verdict, global)), rec) in inputs.iter().zip(&expected).zip(&records) {
        assert_eq!(rec["input"].as_str(), Some(input.as_str()), "records in order");
        if verdict == "error" {
            assert!(rec["error"].is_string(), "{input:?} must be rejected: {rec}");
            continue;
        }
        assert_eq!(rec["category"].as_str(), Some(verdict.as_str()), "{input:?}: {rec}");
        let want = match global.as_str() {
            "True" => serde_json::Value::Bool(true),
            "False" => serde_json::Value::Bool(false),
            _ => serde_json::Value::Null,
        };
        assert_eq!(rec["globally_reachable"], want, "{input:?}: {rec}");
    }
}

/// A minimal CSV reader for the sample (quoted fields with doubled quotes).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn json_record_keys() {
    let o = run(&["classify", "--json", "192.0.0.9", "::ffff:10.0.0.1", "2002:c0a8:101::1"]);
    assert_eq!(code(&o), 0);
    let r = json_lines(&o);
    assert_eq!(r[0]["block"], "192.0.0.9/32");
    assert_eq!(r[0]["name"], "Port Control Protocol Anycast");
    assert_eq!(r[0]["rfc"], "RFC7723");
    assert_eq!(r[0]["address"], "192.0.0.9");
    assert_eq!(r[1]["category"], "private");
    assert_eq!(r[1]["embedded"]["ipv4"], "10.0.0.1");
    assert_eq!(r[1]["embedded"]["kind"], "ipv4-mapped");
    assert_eq!(r[2]["category"], "6to4");
    assert!(r[2]["globally_reachable"].is_null());
    assert_eq!(r[2]["embedded"]["ipv4"], "192.168.1.1");
    assert_eq!(r[2]["embedded"]["category"], "private");
}

#[test]
fn stdin_keeps_every_line_in_order() {
    let input = "10.0.0.1\r\n\nbad\n8.8.8.8\n1.2.3.4\r\r\n::1";
    let o = run_stdin(&["classify", "--json"], input);
    assert_eq!(code(&o), 2);
    let r = json_lines(&o);
    let inputs: Vec<&str> = r.iter().map(|v| v["input"].as_str().unwrap()).collect();
    assert_eq!(inputs, ["10.0.0.1", "", "bad", "8.8.8.8", "1.2.3.4\r", "::1"]);
    assert_eq!(r[0]["category"], "private");
    assert!(r[1]["error"].is_string() && r[2]["error"].is_string() && r[4]["error"].is_string());
    assert_eq!(r[5]["category"], "loopback");
    let err = stderr(&o);
    assert!(err.contains("3 of 6 inputs were not valid"), "{err}");
}

#[test]
fn invalid_utf8_and_nul_are_records_too() {
    let o = run_stdin(&["classify", "--json"], b"\xff\xfe\n1.2.3.4\0\n10.0.0.1\n".to_vec());
    let r = json_lines(&o);
    assert_eq!(r.len(), 3);
    assert!(r[0]["error"].as_str().unwrap().contains("non-ASCII"));
    assert!(r[1]["error"].as_str().unwrap().contains("control"));
    assert_eq!(r[2]["category"], "private");
}

#[test]
fn text_and_csv_formats() {
    let o = run(&["classify", "10.0.0.1", "8.8.8.8"]);
    assert_eq!(code(&o), 0);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "10.0.0.1        private       global=no   10.0.0.0/8 Private-Use");
    assert_eq!(lines[1], "8.8.8.8         global        global=yes  -");
    let o = run(&["classify", "--csv", "10.0.0.1", "a,b"]);
    let csv = stdout(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "input,address,category,globally_reachable,block,name,rfc,error");
    assert_eq!(lines[1], "10.0.0.1,10.0.0.1,private,false,10.0.0.0/8,Private-Use,RFC1918,");
    assert!(lines[2].starts_with("\"a,b\",,,,,,,"), "{}", lines[2]);
}

#[test]
fn only_and_global_filters() {
    let args = ["classify", "--json", "10.0.0.1", "127.0.0.1", "8.8.8.8", "::1", "fd00::1"];
    let cats = |extra: &[&str]| -> Vec<String> {
        let mut a = args.to_vec();
        a.extend_from_slice(extra);
        json_lines(&run(&a)).iter().map(|v| v["address"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(cats(&["--only", "private"]), ["10.0.0.1", "fd00::1"]);
    assert_eq!(cats(&["--only", "loopback,global"]), ["127.0.0.1", "8.8.8.8", "::1"]);
    assert_eq!(cats(&["--global"]), ["8.8.8.8"]);
    assert_eq!(cats(&["--non-global"]).len(), 4);
    let o = run(&["classify", "--only", "lan", "10.0.0.1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("unknown category \"lan\""));
}

#[test]
fn info_carries_the_category() {
    let r = json_lines(&run(&["info", "--json", "100.64.1.1/10", "64:ff9b::10.0.0.1/96"]));
    assert_eq!(r[0]["category"], "shared");
    assert_eq!(r[0]["globally_reachable"], false);
    assert_eq!(r[1]["category"], "nat64");
    assert_eq!(r[1]["globally_reachable"], false);
}

/// "Is 192.168.x private?": with --networks a network gets its category when one block holds
/// it all, else the blocks it spans; "public" is global, as the course notes say 公网.
#[test]
fn networks_and_the_word_public() {
    let v = crate::util::json_ok(&["classify", "--json", "--networks", "192.168.0.0/16", "192.0.0.0/24"]);
    assert_eq!(
        (v[0]["category"].as_str(), v[0]["network"].as_str()),
        (Some("private"), Some("192.168.0.0/16"))
    );
    assert!(v[1]["category"].is_null() && !v[1]["inside"].as_array().unwrap().is_empty(), "{}", v[1]);
    let o = run(&["classify", "--only", "public", "8.8.8.8", "10.0.0.1"]);
    assert_eq!(code(&o), 0, "{}", crate::util::stderr(&o));
    let out = crate::util::stdout(&o);
    assert!(out.contains("8.8.8.8") && !out.contains("10.0.0.1"), "{out}");
    assert_eq!(code(&run(&["classify", "--networks", "10.0.0.1/8"])), 2, "host bits: not a network");
    assert_eq!(code(&run(&["classify", "192.168.0.0/16"])), 2, "an address is expected unless --networks");
}
