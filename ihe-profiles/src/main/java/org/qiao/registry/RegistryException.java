package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

/** A request the registry must refuse, with the IHE error code it is answered with. */
public class RegistryException extends RuntimeException {

    private final ErrorCode errorCode;
    private final String location;

    public RegistryException(ErrorCode errorCode, String message, String location) {
        super(message);
        this.errorCode = errorCode;
        this.location = location;
    }

    public RegistryException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String location() {
        return location;
    }
}
