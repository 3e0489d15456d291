package org.qiao;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ihe-profiles holds meaning: services and stores in plain Java and SQL. Protocol types (Camel, IPF's Camel
 * platform, servlets, Spring Web and Boot) belong to the doors in routes/ (ARCHITECTURE.md, "The rule of the
 * house"). This reads every main source file and fails on any use of them, imported or written out in full.
 */
class ModuleBoundaryTest {

    private static final Pattern PROTOCOL_TYPES = Pattern.compile("\\b(org\\.apache\\.camel|"
            + "org\\.openehealth\\.ipf\\.platform|org\\.springframework\\.(web|http|boot)|jakarta\\.servlet|"
            + "javax\\.servlet)\\.");

    @Test
    void servicesAndStoresUseNoProtocolTypes() throws IOException {
        var sources = Path.of("src/main/java");
        var offences = new ArrayList<String>();
        int files = 0;
        try (var walk = Files.walk(sources)) {
            for (var file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                var lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    var matcher = PROTOCOL_TYPES.matcher(lines.get(i));
                    if (matcher.find()) {
                        offences.add(sources.relativize(file) + ":" + (i + 1) + " uses " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(files).as("main sources read").isGreaterThan(50);
        assertThat(offences).isEmpty();
    }

    @Test
    void theCheckFindsAProtocolType() {
        assertThat(PROTOCOL_TYPES.matcher("import org.apache.camel.Exchange;").find()).isTrue();
        assertThat(PROTOCOL_TYPES.matcher("var r = new org.springframework.web.client.RestClient();").find()).isTrue();
        assertThat(PROTOCOL_TYPES.matcher("import jakarta.servlet.http.HttpServletRequest;").find()).isTrue();
        assertThat(PROTOCOL_TYPES.matcher("import org.springframework.jdbc.core.JdbcTemplate;").find()).isFalse();
    }
}
