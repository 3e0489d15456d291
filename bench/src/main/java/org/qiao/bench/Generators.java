package org.qiao.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The load generators: each makes one worker's {@link ClosedLoop.Caller} for one transaction. */
public final class Generators {

    private static final String SUCCESS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    /** Keeps control ids, MRNs and uniqueIds of two runs (or two harness starts) apart. */
    private static final long RUN = System.currentTimeMillis();
    private static final AtomicLong SEQ = new AtomicLong();
    private static final java.util.regex.Pattern DOCUMENT = java.util.regex.Pattern.compile("<(\\w+:)?ExtrinsicObject[\\s>]");
    /** Document entries the ITI-18 answers carried, over all runs: a registry that answers nothing shows here. */
    public static final java.util.concurrent.atomic.LongAdder DOCUMENTS_FOUND = new java.util.concurrent.atomic.LongAdder();
    /** FindDocuments answers received (with DOCUMENTS_FOUND: the entries per answer). */
    public static final java.util.concurrent.atomic.LongAdder ANSWERS = new java.util.concurrent.atomic.LongAdder();

    private Generators() {
    }

    /** The regional ids the generators may use (loaded by {@link BulkLoader}, or anything for a bare endpoint). */
    public record PatientPool(long firstPerson, long lastPerson) {
        public String pick() {
            long n = firstPerson + ThreadLocalRandom.current().nextLong(lastPerson - firstPerson + 1);
            return String.format("QR%010d", n);
        }
    }

    /** ITI-8: every call admits a new patient of HOSP_A (unique MSH-10, MRN and national id); success is AA. */
    public static ClosedLoop.CallerFactory iti8(String host, int port) {
        return worker -> {
            var client = new MllpClient(host, port);
            return new ClosedLoop.Caller() {
                @Override
                public boolean call() throws Exception {
                    long n = SEQ.incrementAndGet();
                    var id = RUN + "-" + n;
                    var answer = client.send(Hl7Messages.a01(id, "B" + id, Residents.of(RUN * 1000 + n)));
                    return "AA".equals(Hl7Messages.ackCode(answer));
                }

                @Override
                public void close() throws Exception {
                    client.close();
                }
            };
        };
    }

    /** ITI-41: one document of {@code documentBytes} per submission, MTOM; success is ResponseStatusType:Success. */
    public static ClosedLoop.CallerFactory iti41(String url, PatientPool patients, int documentBytes) throws Exception {
        var template = XdsRequests.provideTemplate();
        return worker -> {
            var http = client();
            return () -> {
                long n = SEQ.incrementAndGet();
                var docUid = "2.16.156.10011.0.99.9." + RUN + "." + n;
                var body = XdsRequests.provideBody(template, patients.pick(), docUid,
                        "2.16.156.10011.0.99.8." + RUN + "." + n);
                var answer = postMtom(http, url, body, XdsRequests.document(docUid, documentBytes));
                return answer.statusCode() == 200 && answer.body().contains(SUCCESS);
            };
        };
    }

    /**
     * ITI-18: FindDocuments (LeafClass) for a random loaded patient, cycling through patient + status,
     * + classCode, + creationTime range; success is ResponseStatusType:Success.
     */
    public static ClosedLoop.CallerFactory iti18(String url, PatientPool patients) throws Exception {
        var forms = XdsRequests.FindForm.values();
        var templates = new String[forms.length];
        for (int i = 0; i < forms.length; i++) {
            templates[i] = XdsRequests.findTemplate(forms[i]);
        }
        return worker -> {
            var http = client();
            var next = new int[] {worker};
            return () -> {
                var template = templates[next[0]++ % templates.length];
                var answer = postSoap(http, url, XdsRequests.QUERY, XdsRequests.findBody(template, patients.pick()));
                DOCUMENTS_FOUND.add(DOCUMENT.matcher(answer.body()).results().count());
                ANSWERS.increment();
                return answer.statusCode() == 200 && answer.body().contains(SUCCESS);
            };
        };
    }

    /**
     * ITI-21: PDQ by family name and birth date of a random loaded resident (Residents.of(n), n below
     * {@code residents}), as a registration desk asks; success is AA with QAK-2 OK (the resident is found).
     */
    public static ClosedLoop.CallerFactory iti21(String host, int port, long residents) {
        return worker -> {
            var client = new MllpClient(host, port);
            return new ClosedLoop.Caller() {
                @Override
                public boolean call() throws Exception {
                    var p = Residents.of(ThreadLocalRandom.current().nextLong(Math.max(1, residents)));
                    var answer = client.send(Hl7Messages.q22(RUN + "-" + SEQ.incrementAndGet(), p));
                    return "AA".equals(Hl7Messages.ackCode(answer)) && answer.contains("\rQAK|")
                            && answer.split("\rQAK\\|", 2)[1].split("\\|", -1)[1].equals("OK");
                }

                @Override
                public void close() throws Exception {
                    client.close();
                }
            };
        };
    }

    /**
     * ITI-67 (MHD): DocumentReference search by the regional id and status current of a random loaded resident, the
     * FHIR twin of {@link #iti18}; success is 200 with a searchset Bundle.
     */
    public static ClosedLoop.CallerFactory iti67(String fhirBase, PatientPool patients) {
        return worker -> {
            var http = client();
            return () -> {
                var answer = http.send(HttpRequest.newBuilder(URI.create(fhirBase + "/DocumentReference?patient="
                                + patients.pick() + "&status=current")).header("Accept", "application/fhir+json")
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 && answer.body().contains("\"searchset\"");
            };
        };
    }

    /**
     * ITI-78 (PDQm): Patient search by family name and birth date of a random loaded resident, the FHIR twin of
     * {@link #iti21}; success is 200 with at least one Patient.
     */
    public static ClosedLoop.CallerFactory iti78(String fhirBase, long residents) {
        return worker -> {
            var http = client();
            return () -> {
                var p = Residents.of(ThreadLocalRandom.current().nextLong(Math.max(1, residents)));
                var birth = p.birthDate().substring(0, 4) + "-" + p.birthDate().substring(4, 6) + "-"
                        + p.birthDate().substring(6);
                var answer = http.send(HttpRequest.newBuilder(URI.create(fhirBase + "/Patient?family="
                                + java.net.URLEncoder.encode(p.family(), java.nio.charset.StandardCharsets.UTF_8)
                                + "&birthdate=" + birth + "&_count=10")).header("Accept", "application/fhir+json")
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 && answer.body().contains("\"resourceType\":\"Patient\"");
            };
        };
    }

    /** One HTTP/1.1 client per worker: one connection each, as N EHRs would hold. */
    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String envelope(String action, String to, String body) {
        return "<soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><soap:Header>"
                + "<wsa:Action soap:mustUnderstand=\"true\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>urn:uuid:" + UUID.randomUUID() + "</wsa:MessageID>"
                + "<wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsa:To soap:mustUnderstand=\"true\">" + to + "</wsa:To>"
                + "</soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static HttpResponse<String> postSoap(HttpClient http, String url, String action, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope(action, url, body), StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** SOAP 1.2 + MTOM: the envelope in an application/xop+xml root part, the document in its own part. */
    static HttpResponse<String> postMtom(HttpClient http, String url, String body, byte[] document) throws Exception {
        var boundary = "MIMEBoundary_" + UUID.randomUUID().toString().replace("-", "");
        var out = new ByteArrayOutputStream(document.length + body.length() + 1024);
        write(out, "--" + boundary + "\r\n"
                + "Content-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\n"
                + "Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@qiao.bench>\r\n\r\n");
        write(out, envelope(XdsRequests.PROVIDE, url, body));
        write(out, "\r\n--" + boundary + "\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: binary\r\n"
                + "Content-ID: <" + XdsRequests.documentCid() + ">\r\n\r\n");
        out.writeBytes(document);
        write(out, "\r\n--" + boundary + "--\r\n");
        var contentType = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary + "\"; "
                + "start=\"<root.message@qiao.bench>\"; start-info=\"application/soap+xml\"; action=\""
                + XdsRequests.PROVIDE + "\"";
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
