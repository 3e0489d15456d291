package org.qiao.routes.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

import java.io.File;

/**
 * Puts HAPI's home folder in {@code qiao.data-dir}. HAPI's control id generator (MSH-10 of the messages the
 * engine writes) keeps its "hi" counter in {@code id_file} under that folder, so ids stay unique across restarts;
 * HAPI's default is the working folder, where it rewrote a file of the checkout. HAPI reads {@code hapi.home}
 * once, when its first context is made (IPF makes one per transaction), so it is set as soon as the settings are
 * known, before any bean exists.
 */
public class HapiHome implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (System.getProperty("hapi.home") != null) {
            return;
        }
        var dir = new File(event.getEnvironment().getProperty("qiao.data-dir", "./data")).getAbsoluteFile();
        if (dir.isDirectory() || dir.mkdirs()) {
            System.setProperty("hapi.home", dir.getPath());
        }
    }
}
