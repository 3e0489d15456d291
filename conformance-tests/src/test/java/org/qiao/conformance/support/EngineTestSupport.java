package org.qiao.conformance.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One engine with the default configuration for all tests of a class (test classes run one at a time). */
public abstract class EngineTestSupport {

    protected static Engine engine;
    protected static AdminClient admin;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = Engine.start();
        admin = new AdminClient(engine);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        engine.close();
    }
}
