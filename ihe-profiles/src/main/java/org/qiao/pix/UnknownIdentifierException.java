package org.qiao.pix;

/** An identifier the PIX Manager does not know (or no longer answers for). */
public class UnknownIdentifierException extends RuntimeException {
    private final Identifier identifier;

    public UnknownIdentifierException(Identifier identifier) {
        super("Unknown patient identifier " + identifier);
        this.identifier = identifier;
    }

    public Identifier identifier() {
        return identifier;
    }
}
