//! Counting round trips during a bench phase: the SQL statements the servers sent
//! (`planner_db_statements_total` from each one's `/metrics`) and the commands Redis served
//! (`INFO commandstats`, read over a plain socket).

use std::io::{Read, Write};

/// Statements sent so far by the server at `base`.
pub async fn db_statements(http: &reqwest::Client, base: &str) -> f64 {
    let text = http
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("planner_db_statements_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN)
}

/// Statements sent so far by all the servers.
pub async fn all_db_statements(http: &reqwest::Client, bases: &[String]) -> f64 {
    let mut sum = 0.0;
    for base in bases {
        sum += db_statements(http, base).await;
    }
    sum
}

/// Commands Redis at `addr` (host:port) has served since it started, `INFO` itself left out.
pub fn redis_commands(addr: &str) -> f64 {
    let mut socket = std::net::TcpStream::connect(addr).expect("Redis reachable");
    socket
        .write_all(b"*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n")
        .unwrap();
    // A bulk string: `$<length>\r\n<text>\r\n`.
    let mut reply = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = socket.read(&mut buf).unwrap();
        reply.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&reply);
        if let Some((head, body)) = text.split_once("\r\n") {
            let length: usize = head.trim_start_matches('$').parse().unwrap_or(0);
            if body.len() >= length || n == 0 {
                return body
                    .lines()
                    .filter(|l| l.starts_with("cmdstat_") && !l.starts_with("cmdstat_info:"))
                    .filter_map(|l| {
                        l.split_once("calls=")?
                            .1
                            .split(',')
                            .next()?
                            .parse::<f64>()
                            .ok()
                    })
                    .sum();
            }
        }
        if n == 0 {
            return f64::NAN;
        }
    }
}
