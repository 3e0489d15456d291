package org.qiao;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Qiao, the regional health information exchange engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QiaoApplication {

    public static void main(String[] args) {
        SpringApplication.run(QiaoApplication.class, args);
    }
}
