//! Benchmark baseline: the shape of tokio's own `examples/echo.rs` (one task per connection, a
//! 1 KiB buffer, `.expect` on errors) plus TCP_NODELAY. Not part of netcalc; see bench/echo.sh.
//! Usage: min_tokio_echo ADDR:PORT [READ_BYTES, default 1024]

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let size: usize = std::env::args().nth(2).map_or(Ok(1024), |s| s.parse())?;
    let listener = TcpListener::bind(&addr).await?;
    loop {
        let (mut socket, _) = listener.accept().await?;
        socket.set_nodelay(true)?;
        tokio::spawn(async move {
            let mut buf = vec![0; size];
            loop {
                let n = socket.read(&mut buf).await.expect("failed to read data from socket");
                if n == 0 {
                    return;
                }
                socket.write_all(&buf[0..n]).await.expect("failed to write data to socket");
            }
        });
    }
}
