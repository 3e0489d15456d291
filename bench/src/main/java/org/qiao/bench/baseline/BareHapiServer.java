package org.qiao.bench.baseline;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.util.Map;

/**
 * Baseline for ITI-8: HAPI's own MLLP server that parses each message and answers its generated ACK (AA),
 * with nothing stored. Usage: {@code BareHapiServer <port>}; runs until killed.
 */
public final class BareHapiServer {

    private BareHapiServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // no HAPI validation rules (they want US phone numbers): the engine's HAPI context does not apply them either
        var context = new DefaultHapiContext(ValidationContextFactory.noValidation());
        var server = context.newServer(port, false);
        server.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                try {
                    return message.generateACK();
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
        System.out.println("bare HAPI server listening on " + port);
        Thread.currentThread().join();
    }
}
