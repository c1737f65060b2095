package io.enseada.registry.http;

import io.enseada.registry.config.ConfigException;
import io.enseada.registry.config.Setting;
import io.enseada.registry.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from a PEM key and certificate chain, with HTTP/2 offered through ALPN and HSTS on every
 * response.
 */
public final class TlsConnectorFactory {
    private static final long HSTS_MAX_AGE = Duration.ofDays(365).toSeconds();

    private final TlsSettings settings;

    public TlsConnectorFactory(TlsSettings settings) {
        this.settings = settings;
    }

    /** Reads the key and certificates now, so that a bad file stops the start with one clear line. */
    public SslContextFactory.Server sslContextFactory() {
        PrivateKey key = readKey(settings.keyPath());
        Certificate[] chain = readCertificates(settings.certPath());
        try {
            char[] password = UUID.randomUUID().toString().toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("enseada", key, password, chain);
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStore(keyStore);
            factory.setKeyStorePassword(new String(password));
            factory.setCipherComparator(HTTP2Cipher.COMPARATOR);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(
                    Setting.TLS_KEY_PATH,
                    "the key does not fit the certificate in " + settings.certPath() + " (" + e.getMessage() + ")");
        }
    }

    public ServerConnector connector(
            Server server, HttpConfiguration base, SslContextFactory.Server ssl, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(base);
        https.addCustomizer(new SecureRequestCustomizer(false, HSTS_MAX_AGE, true));
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
        ServerConnector connector = new ServerConnector(server, tls, alpn, http2, http11);
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private static PrivateKey readKey(Path path) {
        try (Reader reader = Files.newBufferedReader(path);
                PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new ConfigException(
                        Setting.TLS_KEY_PATH, path + " holds an encrypted key; give an unencrypted PEM key");
            }
            throw new ConfigException(Setting.TLS_KEY_PATH, path + " holds no PEM private key (RSA or PKCS#8)");
        } catch (IOException e) {
            throw new ConfigException(
                    Setting.TLS_KEY_PATH,
                    "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Certificate[] readCertificates(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ConfigException(Setting.TLS_CERT_PATH, path + " holds no PEM certificate");
            }
            return certificates.toArray(Certificate[]::new);
        } catch (IOException e) {
            throw new ConfigException(
                    Setting.TLS_CERT_PATH,
                    "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(Setting.TLS_CERT_PATH, path + " holds no valid PEM certificate");
        }
    }
}
