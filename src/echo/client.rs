//! The echo client: sends bytes and reads back exactly as many, however TCP splits them
//! (a single `recv(1024)` that takes one read for one message is the "sticky packet" bug this
//! avoids). Writing
//! and reading run together, so a message larger than the socket buffers cannot deadlock.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

/// Connects, with a timeout; a refused or unreachable address is a clear error.
pub async fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<TcpStream> {
    let stream = tokio::time::timeout(timeout, TcpStream::connect(addr)).await.map_err(|_| {
        io::Error::new(io::ErrorKind::TimedOut, format!("no answer from {addr} within {timeout:?}"))
    })??;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Sends `msg` and returns the echo: exactly `msg.len()` bytes, read while writing.
pub async fn roundtrip(stream: &mut TcpStream, msg: &[u8], timeout: Duration) -> io::Result<Vec<u8>> {
    let (mut rd, mut wr) = stream.split();
    let mut echo = vec![0u8; msg.len()];
    let work = async {
        let (w, r) = tokio::join!(wr.write_all(msg), rd.read_exact(&mut echo));
        w?;
        r.map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the server closed the connection before echoing everything",
                )
            } else {
                e
            }
        })?;
        Ok::<_, io::Error>(())
    };
    tokio::time::timeout(timeout, work).await.map_err(|_| {
        io::Error::new(io::ErrorKind::TimedOut, format!("no complete echo within {timeout:?}"))
    })??;
    Ok(echo)
}

/// Sends one datagram and waits for its echo, trying `tries` times (UDP may lose either).
pub async fn udp_roundtrip(
    socket: &UdpSocket,
    msg: &[u8],
    timeout: Duration,
    tries: u32,
) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; super::server::UDP_BUF];
    for _ in 0..tries.max(1) {
        socket.send(msg).await?;
        if let Ok(r) = tokio::time::timeout(timeout, socket.recv(&mut buf)).await {
            let n = r?;
            buf.truncate(n);
            return Ok(buf);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::TimedOut,
        format!("no UDP echo after {} tries of {timeout:?}", tries.max(1)),
    ))
}

/// A UDP socket connected to `addr` (bound to an ephemeral port of the same family).
pub async fn udp_connect(addr: SocketAddr) -> io::Result<UdpSocket> {
    let local: SocketAddr =
        if addr.is_ipv4() { "0.0.0.0:0".parse().expect("valid") } else { "[::]:0".parse().expect("valid") };
    let s = UdpSocket::bind(local).await?;
    s.connect(addr).await?;
    Ok(s)
}

/// A connection to an echo service, over TCP or UDP.
#[derive(Debug)]
pub enum Conn {
    /// A TCP stream (TCP_NODELAY set).
    Tcp(TcpStream),
    /// A connected UDP socket.
    Udp(UdpSocket),
}

impl Conn {
    /// Connects to `addr` over UDP if `udp`, else over TCP within `timeout`.
    pub async fn open(addr: SocketAddr, udp: bool, timeout: Duration) -> io::Result<Conn> {
        if udp { udp_connect(addr).await.map(Conn::Udp) } else { connect(addr, timeout).await.map(Conn::Tcp) }
    }

    /// Sends `msg` and returns its echo ([`roundtrip`], or [`udp_roundtrip`] with `tries`).
    pub async fn roundtrip(&mut self, msg: &[u8], timeout: Duration, tries: u32) -> io::Result<Vec<u8>> {
        match self {
            Conn::Tcp(s) => roundtrip(s, msg, timeout).await,
            Conn::Udp(s) => udp_roundtrip(s, msg, timeout, tries).await,
        }
    }
}
