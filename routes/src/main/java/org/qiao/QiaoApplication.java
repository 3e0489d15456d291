package org.qiao;

import org.qiao.routes.config.HapiHome;
import org.qiao.routes.tools.PasswordHashTool;
import org.qiao.routes.tools.CertificateTool;
import org.qiao.routes.tools.SendTool;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

/**
 * Qiao, the regional health information exchange engine. The jar also carries three commands that must not start
 * the engine: {@code certs} (certificates for pilots and tests), {@code hash-password} and {@code send} (HL7 v2
 * files over MLLP, to try an engine).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QiaoApplication {

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "certs" -> CertificateTool.main(rest);
            case "hash-password" -> PasswordHashTool.main(rest);
            case "send" -> SendTool.main(rest);
            default -> {
                var engine = new SpringApplication(QiaoApplication.class);
                engine.addListeners(new HapiHome());
                engine.run(args);
            }
        }
    }
}
