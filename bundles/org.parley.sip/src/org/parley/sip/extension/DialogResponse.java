package org.parley.sip.extension;

import javax.sip.Dialog;
import javax.sip.message.Response;

/**
 * The outcome of a dialog-creating request ({@link SipAccountContext#sendCreatingDialog}): the
 * dialog the request created and its final response.
 *
 * @param dialog   the dialog; established by a 2xx response, unusable (ended) after any other
 * @param response the final response
 */
public record DialogResponse(Dialog dialog, Response response) {

    /** Whether the response is a 2xx, i.e. the dialog is established. */
    public boolean succeeded() {
        return response.getStatusCode() >= 200 && response.getStatusCode() < 300;
    }
}
