//! `planner healthcheck`, for container health checks.

use anyhow::bail;

use super::settings;

/// A minimal HTTP/1.0 GET of /healthz on the configured port, so the container image needs no
/// curl.
pub(super) fn healthcheck() -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let settings = settings()?;
    let port = settings
        .bind_addr
        .rsplit_once(':')
        .map(|(_, p)| p)
        .unwrap_or("8080");
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}"))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
    stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    if head.ends_with(b" 200") {
        Ok(())
    } else {
        bail!("health check answered {}", String::from_utf8_lossy(&head))
    }
}
