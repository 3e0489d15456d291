package org.qiao.routes.tools;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes the certificates of a pilot region or a test ({@code java -jar qiao.jar certs}, {@code bin/certs}): a
 * regional CA and, signed by it, one PKCS#12 key store per node, plus a PKCS#12 trust store holding the CA. Plain
 * Java, so the command runs without starting the engine and tests call {@link #generate(Options)} directly.
 *
 * <p>Steps of one run:
 * <ol>
 *   <li>Password (one for every store): {@code --password}; else the one a previous run wrote to
 *       {@code DIR/password.txt}; else 18 random bytes, base64url, written there readable by the owner only.</li>
 *   <li>CA: {@code DIR/ca.p12} is reused when present, so hospitals can be added later under the same trust store.
 *       Otherwise: RSA 2048 key, self-signed SHA256withRSA certificate, BasicConstraints CA and KeyUsage
 *       keyCertSign|cRLSign (both critical), SubjectKeyIdentifier; valid ten years, or {@code --days} if longer.</li>
 *   <li>{@code DIR/ca.crt} (PEM) and {@code DIR/truststore.p12} (the CA as trusted certificate entry {@code ca}) are
 *       written from that CA.</li>
 *   <li>Each node (server or client): RSA 2048 key; certificate signed by the CA: not a CA,
 *       digitalSignature|keyEncipherment, serverAuth <em>and</em> clientAuth (an IHE ATNA node is both), the
 *       subject alternative names, authority and subject key identifiers, random positive 128-bit serial, valid from
 *       an hour ago (clock skew between nodes) for {@code --days}. Written as {@code NAME.p12} (key + [leaf, CA]),
 *       {@code NAME.crt} (PEM, leaf then CA) and {@code NAME.key} (unencrypted PKCS#8 PEM).</li>
 *   <li>For refusal tests: {@code --expired} signs with the CA a client certificate that ended yesterday;
 *       {@code --untrusted} signs a client certificate with a throw-away "Unknown CA" that is never stored, so no
 *       trust store knows it.</li>
 * </ol>
 * Private material (key stores, .key files, password.txt) is written owner-only where the file system allows.
 */
public final class CertificateTool {

    public static final Path DEFAULT_OUT = Path.of("config", "tls");
    public static final String DEFAULT_CA_NAME = "Qiao Regional CA";
    public static final int DEFAULT_DAYS = 825;
    public static final String CA_ALIAS = "ca";
    public static final String PASSWORD_FILE = "password.txt";

    private static final String SIGNATURE = "SHA256withRSA";
    private static final int KEY_BITS = 2048;
    private static final int CA_MIN_DAYS = 3650;
    /** Names become file names and aliases: nothing that could leave DIR. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> RESERVED = Set.of("ca", "truststore");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String USAGE = """
            usage: certs [--out DIR] [--password P] [--days N] [--ca-name CN]
                         [--server NAME[:host1,host2,...]]... [--client NAME]...
                         [--expired NAME]... [--untrusted NAME]...
              --out DIR        where the files go (default config/tls)
              --password P     password of every store; default: DIR/password.txt, made at random if missing
              --days N         validity of node certificates (default 825)
              --ca-name CN     common name of a new regional CA (default "Qiao Regional CA");
                               an existing DIR/ca.p12 is reused instead
              --server NAME[:hosts]  node certificate with these DNS names / IP addresses
                               (default hosts: localhost, 127.0.0.1, ::1 and this machine's name)
              --client NAME    node certificate with NAME as DNS name
              --expired NAME   client certificate of the regional CA that expired yesterday (tests)
              --untrusted NAME client certificate of an unknown CA (tests)
            Without any of --server/--client/--expired/--untrusted, one server named "server" is made.
            """;

    private CertificateTool() {
    }

    /** What a node certificate is for. */
    public enum Kind { SERVER, CLIENT, EXPIRED, UNTRUSTED }

    /** One certificate to make. */
    public record Request(String name, Kind kind, List<String> hosts) {
    }

    /** One certificate made, with its files. */
    public record Issued(String name, Kind kind, Path keyStore, Path certificate, Path privateKey,
                         List<X509Certificate> chain) {
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /**
     * The outcome of a run.
     *
     * @param passwordFile where the password was read from or written to; null when it was given
     */
    public record Result(Path dir, String password, Path passwordFile, boolean caReused, X509Certificate ca,
                         Path caKeyStore, Path trustStore, List<Issued> issued) {
        public Issued get(String name) {
            return issued.stream().filter(i -> i.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no certificate named " + name));
        }
    }

    /** What to make; fluent setters. Defaults as on the command line. */
    public static final class Options {
        private Path out = DEFAULT_OUT;
        private String password;
        private int days = DEFAULT_DAYS;
        private String caName = DEFAULT_CA_NAME;
        private final List<Request> requests = new ArrayList<>();

        public Options out(Path out) { this.out = out; return this; }
        public Options password(String password) { this.password = password; return this; }
        public Options days(int days) { this.days = days; return this; }
        public Options caName(String caName) { this.caName = caName; return this; }
        /** A server certificate; no hosts = this machine's local names. */
        public Options server(String name, String... hosts) { return add(name, Kind.SERVER, List.of(hosts)); }
        public Options client(String name) { return add(name, Kind.CLIENT, List.of()); }
        public Options expired(String name) { return add(name, Kind.EXPIRED, List.of()); }
        public Options untrusted(String name) { return add(name, Kind.UNTRUSTED, List.of()); }

        public Path out() { return out; }
        public String password() { return password; }
        public int days() { return days; }
        public String caName() { return caName; }
        public List<Request> requests() { return List.copyOf(requests); }

        private Options add(String name, Kind kind, List<String> hosts) {
            requests.add(new Request(name, kind, List.copyOf(hosts)));
            return this;
        }

        /** Parses the command line; throws IllegalArgumentException with a message for the user. */
        public static Options parse(String... args) {
            var options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) { // --out=DIR as well as --out DIR
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[i + 1];
                    i++;
                }
                if (value == null || value.isEmpty()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                switch (arg) {
                    case "--out" -> options.out(Path.of(value));
                    case "--password" -> options.password(value);
                    case "--days" -> options.days(parseDays(value));
                    case "--ca-name" -> options.caName(value);
                    case "--server" -> {
                        // split at the first colon only: host lists may hold IPv6 addresses
                        int colon = value.indexOf(':');
                        String name = colon < 0 ? value : value.substring(0, colon);
                        List<String> hosts = colon < 0 ? List.of() : List.of(value.substring(colon + 1).split(","));
                        options.server(name, hosts.stream().map(String::trim).filter(h -> !h.isEmpty())
                                .toArray(String[]::new));
                    }
                    case "--client" -> options.client(value);
                    case "--expired" -> options.expired(value);
                    case "--untrusted" -> options.untrusted(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return options;
        }

        private static int parseDays(String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--days needs a number, not " + value);
            }
        }
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command: 0 done, 1 failed, 2 wrong arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
            check(options);
        } catch (IllegalArgumentException e) {
            err.println("certs: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Result result;
        try {
            result = generate(options);
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException
                 | GeneralSecurityException e) {
            err.println("certs: " + e.getMessage());
            return 1;
        }
        report(result, out);
        return 0;
    }

    /** Makes everything {@code options} asks for (see the class comment). */
    public static Result generate(Options options) throws IOException, GeneralSecurityException {
        check(options);
        List<Request> requests = options.requests.isEmpty()
                ? List.of(new Request("server", Kind.SERVER, List.of()))
                : options.requests;
        Path dir = options.out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path caFile = dir.resolve("ca.p12");
        Path passwordFile = dir.resolve(PASSWORD_FILE);

        // 1. password
        String password = options.password;
        Path passwordSource = null;
        boolean newPassword = false;
        if (password == null && Files.exists(passwordFile)) {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            passwordSource = passwordFile;
        } else if (password == null) {
            if (Files.exists(caFile)) { // a fresh password could never open it
                throw new IllegalArgumentException(caFile + " exists: give its password with --password");
            }
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            passwordSource = passwordFile;
            newPassword = true;
        }
        char[] pw = password.toCharArray();

        // 2. CA: reuse or make
        Authority ca;
        boolean reused = Files.exists(caFile);
        if (reused) {
            ca = loadCa(caFile, pw);
        } else {
            ca = newCa(options.caName, Math.max(CA_MIN_DAYS, options.days));
        }
        if (newPassword) {
            writePrivate(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!reused) {
            writePrivate(caFile, keyStore(CA_ALIAS, ca.key, pw, ca.certificate));
        }

        // 3. what peers trust
        Files.writeString(dir.resolve("ca.crt"), pem(List.of(ca.certificate)), StandardCharsets.US_ASCII);
        Path trustFile = dir.resolve("truststore.p12");
        Files.write(trustFile, trustStore(ca.certificate, pw));

        // 4./5. nodes
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS); // X.509 times have no fractions
        Authority unknown = null;
        List<Issued> issued = new ArrayList<>();
        for (Request request : requests) {
            Authority issuer = ca;
            Instant from = now.minus(Duration.ofHours(1));
            Instant to = now.plus(Duration.ofDays(options.days));
            List<String> names = List.of(request.name());
            switch (request.kind()) {
                case SERVER -> names = request.hosts().isEmpty() ? localHosts() : request.hosts();
                case CLIENT -> { }
                case EXPIRED -> {
                    from = now.minus(Duration.ofDays(30));
                    to = now.minus(Duration.ofDays(1));
                }
                case UNTRUSTED -> {
                    if (unknown == null) {
                        unknown = newCa("Unknown CA", options.days);
                    }
                    issuer = unknown;
                }
            }
            if (to.isAfter(issuer.certificate.getNotAfter().toInstant())) { // a reused CA may end sooner
                to = issuer.certificate.getNotAfter().toInstant();
            }
            issued.add(issue(dir, request, names, issuer, from, to, pw));
        }
        return new Result(dir, password, passwordSource, reused, ca.certificate, caFile, trustFile, List.copyOf(issued));
    }

    private static void check(Options options) {
        if (options.out == null) {
            throw new IllegalArgumentException("no output directory");
        }
        if (options.days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        if (options.caName == null || options.caName.isBlank()) {
            throw new IllegalArgumentException("--ca-name must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (Request request : options.requests) {
            String name = request.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad name '" + name + "': letters, digits, '.', '_', '-' only");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("'" + name + "' is taken by the CA's own files");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) { // case-insensitive file systems
                throw new IllegalArgumentException("'" + name + "' asked for twice");
            }
        }
    }

    private static void report(Result result, PrintStream out) {
        out.println((result.caReused() ? "Reused CA " : "Created CA ") + result.ca().getSubjectX500Principal().getName()
                + " in " + result.caKeyStore());
        out.println("Trust store: " + result.trustStore());
        for (Issued issued : result.issued()) {
            out.println(issued.kind().toString().toLowerCase(Locale.ROOT) + " " + issued.name() + ": "
                    + issued.keyStore() + " (+ .crt, .key), " + describe(issued.leaf()));
        }
        if (result.passwordFile() != null) {
            out.println("Password of every store: in " + result.passwordFile());
        }
    }

    private static String describe(X509Certificate certificate) {
        var names = new ArrayList<String>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
            }
        } catch (GeneralSecurityException e) {
            // description only
        }
        return "names " + names + ", until " + certificate.getNotAfter().toInstant();
    }

    // ---- certificates ----

    /** A key and its certificate that signs others. */
    private record Authority(PrivateKey key, X509Certificate certificate) {
    }

    private static Authority newCa(String commonName, int days) throws GeneralSecurityException {
        KeyPair keys = rsa();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = cn(commonName);
        var utils = new JcaX509ExtensionUtils();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(days))),
                    name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(keys.getPrivate(), sign(builder, keys.getPrivate(), keys.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Issued issue(Path dir, Request request, List<String> altNames, Authority issuer,
                                Instant from, Instant to, char[] pw) throws IOException, GeneralSecurityException {
        KeyPair keys = rsa();
        var utils = new JcaX509ExtensionUtils();
        var names = new ArrayList<GeneralName>();
        for (String host : new LinkedHashSet<>(altNames)) {
            names.add(new GeneralName(IPAddress.isValid(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded()), serial(),
                Date.from(from), Date.from(to), cn(request.name()), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.certificate))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate leaf = sign(builder, issuer.key, issuer.certificate.getPublicKey());
        List<X509Certificate> chain = List.of(leaf, issuer.certificate);

        String name = request.name();
        Path p12 = dir.resolve(name + ".p12");
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        writePrivate(p12, keyStore(name, keys.getPrivate(), pw, chain.toArray(X509Certificate[]::new)));
        Files.writeString(crt, pem(chain), StandardCharsets.US_ASCII);
        writePrivate(key, pem(List.of(keys.getPrivate())).getBytes(StandardCharsets.US_ASCII));
        return new Issued(name, request.kind(), p12, crt, key, chain);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey,
                                        java.security.PublicKey issuerPublicKey) throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKey);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            certificate.verify(issuerPublicKey); // never hand out a certificate whose signature does not hold
            return certificate;
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS, RANDOM);
        return generator.generateKeyPair();
    }

    /** Positive and at most 17 DER octets (RFC 5280 allows 20); random so reissues never collide. */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).add(BigInteger.ONE);
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** The names a client on this machine may use to reach a server here. */
    static List<String> localHosts() {
        var hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            String hostname = InetAddress.getLocalHost().getHostName();
            if (hostname != null && !hostname.isBlank()) {
                hosts.add(hostname);
            }
        } catch (IOException e) {
            // no resolvable hostname: the loopback names still serve pilots on one machine
        }
        return List.copyOf(hosts);
    }

    // ---- stores and files ----

    private static Authority loadCa(Path file, char[] pw) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try (var in = new ByteArrayInputStream(Files.readAllBytes(file))) {
            store.load(in, pw);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " does not open with this password ("
                    + e.getMessage() + "); give its password with --password", e);
        }
        if (!store.isKeyEntry(CA_ALIAS) || !(store.getCertificate(CA_ALIAS) instanceof X509Certificate cert)) {
            throw new IllegalArgumentException(file + " holds no key entry '" + CA_ALIAS + "'");
        }
        return new Authority((PrivateKey) store.getKey(CA_ALIAS, pw), cert);
    }

    private static byte[] keyStore(String alias, PrivateKey key, char[] pw, X509Certificate... chain)
            throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key, pw, chain);
        return bytes(store, pw);
    }

    private static byte[] trustStore(X509Certificate ca, char[] pw) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry(CA_ALIAS, ca); // a trusted certificate entry: what TrustManagerFactory reads
        return bytes(store, pw);
    }

    private static byte[] bytes(KeyStore store, char[] pw) throws IOException, GeneralSecurityException {
        var buffer = new ByteArrayOutputStream();
        store.store(buffer, pw);
        return buffer.toByteArray();
    }

    /** Certificates as CERTIFICATE blocks, a private key as an unencrypted PKCS#8 PRIVATE KEY block. */
    private static String pem(List<?> objects) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
            }
        }
        return text.toString();
    }

    /** Writes a file only the owner can read (set at creation, so it is never briefly readable by others). */
    private static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content);
    }
}
