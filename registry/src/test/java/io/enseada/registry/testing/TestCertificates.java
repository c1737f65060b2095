package io.enseada.registry.testing;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for localhost, written as PEM files, and a client that trusts it. */
public record TestCertificates(Path keyFile, Path certFile, X509Certificate certificate) {

    /** @param pkcs8 write the key as PKCS#8 ("PRIVATE KEY") rather than PKCS#1 ("RSA PRIVATE KEY") */
    public static TestCertificates generate(Path dir, boolean pkcs8) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                subject,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        }));
        X509CertificateHolder holder =
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);

        Path key = dir.resolve(pkcs8 ? "key-pkcs8.pem" : "key-rsa.pem");
        Path cert = dir.resolve("cert.pem");
        try (Writer out = Files.newBufferedWriter(key);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(pkcs8 ? new JcaPKCS8Generator(pair.getPrivate(), null) : pair);
        }
        try (Writer out = Files.newBufferedWriter(cert);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        String head = Files.readString(key).lines().findFirst().orElseThrow();
        if (!head.equals(pkcs8 ? "-----BEGIN PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalStateException("unexpected PEM header " + head);
        }
        return new TestCertificates(key, cert, certificate);
    }

    public SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("enseada", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
