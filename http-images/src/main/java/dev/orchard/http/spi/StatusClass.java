package dev.orchard.http.spi;

/** HTTP status classes, used as a metrics tag. */
public enum StatusClass {
    INFORMATIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR;

    public static StatusClass of(int status) {
        if (status < 200) {
            return INFORMATIONAL;
        }
        if (status < 300) {
            return SUCCESS;
        }
        if (status < 400) {
            return REDIRECTION;
        }
        return status < 500 ? CLIENT_ERROR : SERVER_ERROR;
    }
}
