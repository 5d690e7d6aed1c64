//! The bulk line reader on arbitrary bytes: every line is delivered exactly once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcalc::bulk::{for_each_line, Line};

fuzz_target!(|data: &[u8]| {
    let mut n = 0usize;
    for_each_line(data, |l| {
        if let Line::Text(t) = l {
            let _ = netcalc::addr::parse_addr_bytes(netcalc::bulk::trim_cr(t));
        }
        n += 1;
        Ok(())
    })
    .unwrap();
    let newlines = data.iter().filter(|b| **b == b'\n').count();
    let expected = newlines + usize::from(!data.is_empty() && data.last() != Some(&b'\n'));
    assert_eq!(n, expected);
});
