//! The client address used for rate limits and the audit log.
//!
//! The peer address is the truth unless the peer is one of our configured proxies; then we walk
//! `X-Forwarded-For` from the right (the entries our own proxies appended) and take the first
//! address that is not a trusted proxy. The leftmost entry is whatever the client chose to send.

use std::net::{IpAddr, Ipv6Addr};

use ipnet::IpNet;

pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut last_trusted = peer;
    for entry in header.rsplit(',') {
        match parse_entry(entry) {
            Some(ip) if is_trusted(&ip) => last_trusted = ip,
            Some(ip) => return ip,
            // Garbage cannot be attributed to anyone; the nearest trusted hop answers for it.
            None => return last_trusted,
        }
    }
    last_trusted
}

/// Whether a request says it came through a proxy (any header a reverse proxy sets).
pub fn carries_forwarding_headers(headers: &actix_web::http::header::HeaderMap) -> bool {
    [
        "x-forwarded-for",
        "forwarded",
        "x-real-ip",
        "x-forwarded-host",
    ]
    .iter()
    .any(|h| headers.contains_key(*h))
}

/// IPv4-mapped IPv6 addresses are the same client as their IPv4 form.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    // Accept "1.2.3.4", "1.2.3.4:5678", "[::1]:5678" and "::1".
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(sock) = entry.parse::<std::net::SocketAddr>() {
        return Some(canonical(sock.ip()));
    }
    None
}

/// The key one client is limited under: an IPv4 address, or the /64 an IPv6 host controls.
pub fn rate_limit_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let prefix = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{prefix}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn untrusted_peer_ignores_forwarded_for() {
        let ip = client_ip(
            "203.0.113.9".parse().unwrap(),
            Some("1.1.1.1"),
            &nets(&["10.0.0.0/8"]),
        );
        assert_eq!(ip, "203.0.113.9".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn trusted_peer_uses_rightmost_untrusted_entry() {
        let ip = client_ip(
            "10.0.0.2".parse().unwrap(),
            Some("6.6.6.6, 198.51.100.7, 10.0.0.1"),
            &nets(&["10.0.0.0/8"]),
        );
        assert_eq!(ip, "198.51.100.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn garbage_entry_falls_back_to_nearest_trusted_hop() {
        let ip = client_ip(
            "10.0.0.2".parse().unwrap(),
            Some("not-an-ip"),
            &nets(&["10.0.0.0/8"]),
        );
        assert_eq!(ip, "10.0.0.2".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn ipv6_hosts_share_their_slash_64() {
        let a = rate_limit_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = rate_limit_key("2001:db8:1:2:bbbb::2".parse().unwrap());
        let c = rate_limit_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn mapped_ipv4_is_the_same_client() {
        assert_eq!(
            rate_limit_key("::ffff:192.0.2.1".parse().unwrap()),
            rate_limit_key("192.0.2.1".parse().unwrap())
        );
    }

    fn any_ipv4() -> impl Strategy<Value = IpAddr> {
        any::<[u8; 4]>().prop_map(IpAddr::from)
    }

    proptest! {
        #[test]
        fn untrusted_peer_is_always_the_answer(peer in any_ipv4(), xff in "[0-9., ]{0,40}") {
            // Nothing trusted: whatever the header says, the peer is the client.
            prop_assert_eq!(client_ip(peer, Some(&xff), &[]), peer);
        }

        #[test]
        fn answer_is_never_left_of_an_untrusted_entry(
            spoofed in proptest::collection::vec(any_ipv4(), 0..4),
            real in any_ipv4().prop_filter("outside proxy net", |ip| !matches!(ip, IpAddr::V4(v4) if v4.octets()[0] == 10)),
            hops in 0usize..3,
        ) {
            // Client-controlled entries, then the real client as seen by our first proxy,
            // then our own proxies.
            let mut entries: Vec<String> = spoofed.iter().map(|ip| ip.to_string()).collect();
            entries.push(real.to_string());
            for h in 0..hops {
                entries.push(format!("10.0.0.{}", h + 1));
            }
            let header = entries.join(", ");
            let got = client_ip("10.9.9.9".parse().unwrap(), Some(&header), &nets(&["10.0.0.0/8"]));
            prop_assert_eq!(got, real);
        }
    }
}
