//! `filter`: lines pass through whole; fields; invert; exit codes; invalid lines.

use std::io::Write;

use crate::util::{code, netcalc, run_stdin, stderr, stdout};

const LOG: &str =
    "10.1.2.3 GET /a\n8.8.8.8 GET /b\r\n192.168.7.7\tPOST /c\n2001:db8::5 GET /d\n172.32.0.1 x\n";

#[test]
fn prints_matching_lines_whole() {
    let o = run_stdin(&["filter", "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16"], LOG);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "10.1.2.3 GET /a\n192.168.7.7\tPOST /c\n");
}

#[test]
fn invert_and_ipv6() {
    let o = run_stdin(&["filter", "--invert", "10.0.0.0/8,192.168.0.0/16,2001:db8::/32"], LOG);
    assert_eq!(stdout(&o), "8.8.8.8 GET /b\r\n172.32.0.1 x\n");
    let o = run_stdin(&["filter", "2001:db8::/32"], LOG);
    assert_eq!(stdout(&o), "2001:db8::5 GET /d\n");
}

#[test]
fn no_match_is_exit_1() {
    let o = run_stdin(&["filter", "203.0.113.0/24"], LOG);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).is_empty());
}

#[test]
fn field_option_and_files() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(b"GET 10.0.0.1\nGET 11.0.0.1\n").unwrap();
    let o = netcalc().args(["filter", "10.0.0.0/8", "--field", "2"]).arg(f.path()).output().unwrap();
    assert_eq!(stdout(&o), "GET 10.0.0.1\n");
    let o = netcalc().args(["filter", "10.0.0.0/8", "/nonexistent/file"]).output().unwrap();
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot open /nonexistent/file"));
}

#[test]
fn lines_without_an_address() {
    let input = "# header\n10.0.0.1 ok\n";
    let o = run_stdin(&["filter", "10.0.0.0/8"], input);
    assert_eq!(code(&o), 2, "a line without an address is an error");
    assert_eq!(stdout(&o), "10.0.0.1 ok\n", "but matching lines are still printed");
    assert!(stderr(&o).contains("line 1"));
    let o = run_stdin(&["filter", "10.0.0.0/8", "--ignore-invalid"], input);
    assert_eq!(code(&o), 0);
    let o = run_stdin(&["filter", "10.0.0.0/8", "--ignore-invalid", "--invert"], input);
    assert_eq!(stdout(&o), "# header\n");
}

#[test]
fn bad_networks_are_errors() {
    assert_eq!(code(&run_stdin(&["filter", "10.0.0.0/33"], LOG)), 2);
    let o = run_stdin(&["filter", "10.0.0.1/8"], LOG);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("did you mean 10.0.0.0/8"));
}
