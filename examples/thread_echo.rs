//! Benchmark baseline: a thread-per-connection echo server on std, with TCP_NODELAY and a
//! 16 KiB buffer. Not part of netcalc; see bench/echo.sh. Usage: thread_echo ADDR:PORT

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8081".to_string());
    let listener = TcpListener::bind(addr)?;
    for stream in listener.incoming() {
        let mut s = stream?;
        s.set_nodelay(true)?;
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 16 * 1024];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 || s.write_all(&buf[..n]).is_err() {
                    return;
                }
            }
        });
    }
    Ok(())
}
