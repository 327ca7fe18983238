//! Throwaway signing keys for the OAuth tests, made fresh in each test run so that no private
//! key ever sits in the repository.

#![allow(dead_code)]

use std::sync::OnceLock;

use p256::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::pkcs1::EncodeRsaPrivateKey;

fn rsa_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("generate RSA key")
    })
}

/// EC P-256 private key, PKCS#8 PEM.
pub fn ec_pkcs8_pem() -> String {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| {
        let key = loop {
            let bytes: [u8; 32] = rand::random();
            if let Ok(k) = p256::SecretKey::from_slice(&bytes) {
                break k;
            }
        };
        key.to_pkcs8_pem(LineEnding::LF)
            .expect("encode EC key")
            .to_string()
    })
    .clone()
}

/// RSA-2048 private key, PKCS#8 PEM.
pub fn rsa_pkcs8_pem() -> String {
    rsa_key()
        .to_pkcs8_pem(LineEnding::LF)
        .expect("encode RSA key")
        .to_string()
}

/// The same RSA key as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`).
pub fn rsa_pkcs1_pem() -> String {
    rsa_key()
        .to_pkcs1_pem(LineEnding::LF)
        .expect("encode RSA key")
        .to_string()
}

/// A PEM by the name the tests use for it.
pub fn pem(name: &str) -> String {
    match name {
        "ec" => ec_pkcs8_pem(),
        "rsa" => rsa_pkcs8_pem(),
        "rsa_pkcs1" => rsa_pkcs1_pem(),
        other => panic!("no test key named {other}"),
    }
}

/// Writes a PEM to a file in a fresh temp dir (kept alive by the returned guard).
pub fn pem_file(pem: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("key.pem");
    std::fs::write(&path, pem).expect("write key");
    (dir, path)
}
