package org.qiao.conformance.console;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Soap;
import org.qiao.conformance.support.XdsMessages;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story the console tests read: samples/hl7 sent with Debian's mllp_send (admission, registration elsewhere,
 * merge, lab and CT results, discharge summary, discharge with diagnoses), and a document a hospital's EMR
 * provides over ITI-41 (SOAP 1.2, MTOM) for the same resident.
 */
public final class ConsoleData {

    public static final String ZHANG_SAN = "QR0000000001";
    static final String PROVIDED_TITLE = "门诊病程记录（ITI-41）";

    private ConsoleData() {
    }

    public static void feedSamples(Engine engine) throws Exception {
        var files = new ArrayList<Path>();
        try (var list = Files.list(Engine.repo().resolve("samples/hl7"))) {
            list.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.hl7")).sorted().forEach(files::add);
        }
        for (var f : files) {
            var answer = mllpSend(engine, f);
            assertThat(Hl7.field(answer, "MSA", 1)).as(f + ": " + answer).isEqualTo("AA");
        }
    }

    static String mllpSend(Engine engine, Path file) throws Exception {
        var p = new ProcessBuilder("mllp_send", "--loose", "-f", file.toString(), "-p", String.valueOf(engine.mllpPort),
                "127.0.0.1").redirectErrorStream(true).start();
        var out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        var charset = file.getFileName().toString().contains("gb18030") ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
        return new String(out, charset).replace("\u000b", "").replace("\u001c", "");
    }

    /** Provides one outpatient note for a resident over ITI-41; returns its uniqueId. */
    static String provideNote(Engine engine, String regionalId) throws Exception {
        var patient = XdsMessages.patient(regionalId, "2.16.156.10011.0.99.1");
        var entry = XdsMessages.documentEntry(patient, "EMR-01", "20261201093000");
        entry.setTitle(new LocalizedString(PROVIDED_TITLE));
        entry.setTypeCode(new Code("11506-3", new LocalizedString("Progress note"), "2.16.840.1.113883.6.1"));
        var bytes = ("<ClinicalDocument>" + entry.getUniqueId() + "</ClinicalDocument>").getBytes(StandardCharsets.UTF_8);
        var ss = XdsMessages.submissionSet(patient);
        var answer = XdsMessages.provideOne(engine, ss, entry, bytes);
        assertThat(Soap.text(Soap.parse(answer.xml()), "//*[local-name()='RegistryResponse']/@status")).as(answer.xml()).endsWith(":Success");
        return entry.getUniqueId();
    }
}
