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

    private java.util.List<RegistryException> all = java.util.List.of(this);

    /** One exception reporting several errors (each becomes a RegistryError). */
    public static RegistryException of(java.util.List<RegistryException> errors) {
        var first = errors.get(0);
        var e = new RegistryException(first.errorCode, first.getMessage(), first.location);
        e.all = java.util.List.copyOf(errors);
        return e;
    }

    public java.util.List<RegistryException> errors() {
        return all;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String location() {
        return location;
    }
}
