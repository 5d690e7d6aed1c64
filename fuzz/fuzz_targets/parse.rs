//! Every parser on arbitrary bytes: no panic, and whatever parses round-trips through Display.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netcalc::addr::{parse_addr, parse_addr_bytes, parse_mask, parse_net, parse_prefixed};

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = parse_addr_bytes(data) {
        assert_eq!(parse_addr(&a.to_string()).unwrap(), a);
        let _ = netcalc::classify::classify(a);
    }
    let text = String::from_utf8_lossy(data);
    if let Ok(n) = parse_net(&text) {
        assert_eq!(parse_net(&n.to_string()).unwrap(), n);
        let _ = netcalc::subnet::info(parse_prefixed(&text).unwrap());
    }
    let _ = parse_mask(&text);
});
