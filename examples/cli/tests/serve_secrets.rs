//! Issue 14, point 9: the generated API account's password is stored only
//! as a salted, slow hash, in a data directory only its owner can read;
//! it is printed once, and logins keep working after a restart. The real
//! `baton serve` binary, driven over 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    addr: String,
    printed: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data_dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("baton serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let printed: Vec<String> = (0..3).map(|_| lines.next().unwrap().unwrap()).collect();
    let addr = printed[0]
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no URL in {printed:?}"))
        .to_owned();
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        addr,
        printed,
    }
}

fn stop(mut s: Server) {
    let pid = s.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    assert!(s.child.wait().unwrap().success());
}

/// `device.query` with these credentials: the fault code, or 0 on success.
fn device_query(addr: &str, user: &str, password: &str) -> i32 {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
         <member><name>authenticationUser</name><value><string>{user}</string></value></member>\
         <member><name>authenticationPassword</name><value><string>{password}</string></value></member>\
         </struct></value></param></params></methodCall>"
    );
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    write!(
        s,
        "POST /RPC2 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    if !out.contains("<fault>") {
        return 0;
    }
    let at = out.find("<name>faultCode</name>").expect("faultCode");
    let rest = &out[at..];
    let start = rest.find("<int>").or_else(|| rest.find("<i4>")).unwrap() + 5;
    let end = rest[start..].find('<').unwrap() + start;
    rest[start..end].parse().unwrap()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_generated_password_is_stored_as_a_salted_slow_hash_in_a_private_store() {
    let root = std::env::temp_dir().join(format!("baton-serve-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let data = root.join("state");
    let server = start(&data);
    let created = server
        .printed
        .iter()
        .find_map(|l| l.strip_prefix("API account created: user baton, password "))
        .unwrap_or_else(|| panic!("no generated account in {:?}", server.printed))
        .to_owned();
    assert_eq!(created.len(), 20);
    assert_eq!(device_query(&server.addr, "baton", &created), 0);
    assert_eq!(device_query(&server.addr, "baton", "wrong"), 15);
    assert_eq!(device_query(&server.addr, "nobody", &created), 15);
    stop(server);

    // Only a salted argon2id hash is on disk, in owner-only files.
    let db = data.join("baton.redb");
    let bytes = std::fs::read(&db).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        !has(created.as_bytes()),
        "the password is stored in plain text"
    );
    assert!(
        has(b"$argon2id$v=19$m=19456,t=2,p=1$"),
        "no argon2id hash stored"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&data), 0o700, "data directory mode");
        assert_eq!(mode(&db), 0o600, "store mode");
    }

    // After a restart: not printed again, and the password still works.
    let server = start(&data);
    assert!(
        server.printed.iter().all(|l| !l.contains(&created)),
        "{:?}",
        server.printed
    );
    assert!(server.printed.iter().any(|l| l == "API account: baton"));
    assert_eq!(device_query(&server.addr, "baton", &created), 0);
    assert_eq!(device_query(&server.addr, "baton", "wrong"), 15);
    stop(server);
    let _ = std::fs::remove_dir_all(&root);
}
