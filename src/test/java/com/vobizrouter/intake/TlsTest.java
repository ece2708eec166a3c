package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.vobizrouter.testsupport.RouterInstance;
import com.vobizrouter.testsupport.Signatures;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router can serve HTTPS itself with Spring Boot's {@code server.ssl.*}: a signed webhook over
 * TLS is verified and accepted exactly as over plain HTTP (the HMAC sees the same bytes).
 */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void acceptsASignedWebhookOverHttpsWithServerSslSettings() throws Exception {
        Path keystore = dir.resolve("router.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "router", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        try (RouterInstance router = RouterInstance.start(Map.of(
                "router.webhook.secrets", "whsec_tls",
                "spring.datasource.url", "jdbc:h2:mem:tls;DB_CLOSE_DELAY=-1",
                "server.ssl.enabled", "true",
                "server.ssl.key-store", keystore.toString(),
                "server.ssl.key-store-password", "changeit",
                "server.ssl.key-store-type", "PKCS12",
                "server.ssl.key-alias", "router"))) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(keystore)) {
                trusted.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();

            String id = "evt_" + java.util.UUID.randomUUID();
            byte[] body = WebhookClient.event("message.read", id).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + router.port() + "/webhooks/vobiz"))
                    .header("Content-Type", "application/json").header("X-Vobiz-Signature", Signatures.hex("whsec_tls", body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"accepted\",\"event_id\":\"" + id + "\"}");
            assertThat(((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal().getName())
                    .isEqualTo("CN=localhost");
        }
    }
}
