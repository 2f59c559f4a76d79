//! TLS with rustls (ring provider): a server certificate for [`crate::serve`]
//! and the client side's certificate checking (on by default).

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::Error;

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn certs_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(pem).collect();
    let certs = certs.map_err(|e| Error::config("certificate PEM", e))?;
    if certs.is_empty() {
        return Err(Error::config_msg("no certificate in PEM"));
    }
    Ok(certs)
}

/// A server certificate and key: [`crate::serve`] answers HTTPS with it.
///
/// HTTPS on a free port with a self-signed certificate, called by a client
/// that trusts exactly that certificate ([`ClientTls::Roots`]):
///
/// ```
/// use baton_tokio::baton_rpc::device::DeviceQueryParams;
/// use baton_tokio::client::ClientConfig;
/// use baton_tokio::{
///     serve, ClientTls, ConductorClient, ConductorHandler, Listener, Role, ServerBuilder,
///     ServerConfig, ServerTls, Users,
/// };
///
/// struct Device;
/// impl ConductorHandler for Device {}
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])?;
/// let (cert, key) = (ck.cert.pem(), ck.signing_key.serialize_pem());
/// let tls = ServerTls::from_pem(cert.as_bytes(), key.as_bytes())?;
///
/// let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let url = format!("https://localhost:{}", tcp.local_addr()?.port());
/// let app = ServerBuilder::new(Device, Users::new().with("tms", "pw", Role::Admin)).router();
/// tokio::spawn(async move {
///     serve(Listener::https(tcp, tls), app, &ServerConfig::default(), std::future::pending()).await
/// });
///
/// let mut config = ClientConfig::new(&url, "tms", "pw");
/// config.tls = ClientTls::Roots(cert.into_bytes());
/// let client = ConductorClient::new(config)?;
/// // Over TLS, checked: the handler implements nothing, so the answer is fault 1.
/// let e = client.device_query(DeviceQueryParams::default()).await.unwrap_err();
/// assert_eq!(e.fault_code(), Some(1));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ServerTls {
    pub(crate) acceptor: tokio_rustls::TlsAcceptor,
}

impl ServerTls {
    /// From a PEM certificate chain (leaf first) and a PEM private key
    /// (PKCS#8, PKCS#1 or SEC1).
    pub fn from_pem(cert_chain: &[u8], key: &[u8]) -> Result<Self, Error> {
        let certs = certs_from_pem(cert_chain)?;
        let key =
            PrivateKeyDer::from_pem_slice(key).map_err(|e| Error::config("private key PEM", e))?;
        let mut config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::config("TLS", e))?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .map_err(|e| Error::config("TLS", e))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(ServerTls {
            acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        })
    }
}

impl core::fmt::Debug for ServerTls {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ServerTls")
    }
}

/// How a client checks the servers it connects to over HTTPS.
///
/// Set as [`ClientConfig::tls`](crate::ClientConfig::tls) or
/// [`FeedbackConfig::tls`](crate::FeedbackConfig::tls); see [`ServerTls`]
/// for a round trip.
///
/// ```
/// use baton_tokio::ClientTls;
///
/// assert!(matches!(ClientTls::default(), ClientTls::WebPkiRoots)); // checked by default
/// let config = ClientTls::WebPkiRoots.rustls_config().unwrap();
/// assert!(config.alpn_protocols.is_empty());
/// // Private roots must be PEM certificates.
/// assert!(ClientTls::Roots(b"not PEM".to_vec()).rustls_config().is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub enum ClientTls {
    /// Certificates must chain to the Mozilla root store (webpki-roots)
    /// and name the host. The default.
    #[default]
    WebPkiRoots,
    /// Certificates must chain to the platform's root store (on Unix the
    /// system bundle, or `SSL_CERT_FILE` / `SSL_CERT_DIR` when set) and
    /// name the host.
    Platform,
    /// Certificates must chain to one of these PEM roots (a private CA or
    /// a device's self-signed certificate) and name the host.
    Roots(Vec<u8>),
    /// No checking at all: the connection is encrypted but the server is
    /// not authenticated (open to man-in-the-middle attacks). An explicit
    /// opt-out for lab devices with self-signed certificates.
    DangerousNoVerification,
}

impl ClientTls {
    /// The rustls client configuration.
    pub fn rustls_config(&self) -> Result<rustls::ClientConfig, Error> {
        let builder = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::config("TLS", e))?;
        // No ALPN here: the HTTP connector sets it (and refuses a config
        // that already has it).
        let config = match self {
            ClientTls::WebPkiRoots => {
                let roots = RootCertStore {
                    roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
                };
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            ClientTls::Platform => {
                let found = rustls_native_certs::load_native_certs();
                let mut roots = RootCertStore::empty();
                let (added, _ignored) = roots.add_parsable_certificates(found.certs);
                if added == 0 {
                    let what = "no usable root certificate in the platform's store";
                    return Err(match found.errors.into_iter().next() {
                        Some(e) => Error::config(what, e),
                        None => Error::config_msg(what),
                    });
                }
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            ClientTls::Roots(pem) => {
                let mut roots = RootCertStore::empty();
                for cert in certs_from_pem(pem)? {
                    roots
                        .add(cert)
                        .map_err(|e| Error::config("root certificate", e))?;
                }
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            ClientTls::DangerousNoVerification => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(NoVerification(provider())))
                .with_no_client_auth(),
        };
        Ok(config)
    }
}

/// Accepts any certificate; still checks the handshake signatures.
#[derive(Debug)]
struct NoVerification(Arc<CryptoProvider>);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
