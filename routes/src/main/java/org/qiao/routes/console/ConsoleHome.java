package org.qiao.routes.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The console's landing page after form login; every form it shows carries the session's CSRF token. */
@RestController
public class ConsoleHome {

    @GetMapping(value = "/", produces = "text/html;charset=UTF-8")
    public String home(Authentication user, CsrfToken csrf) {
        return """
                <!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>Qiao 桥</title></head><body>
                <h1>Qiao 桥</h1><p>Signed in as %s (%s).</p>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s">
                <button type="submit">Sign out</button></form></body></html>
                """.formatted(HtmlUtils.htmlEscape(user.getName()),
                HtmlUtils.htmlEscape(user.getAuthorities().toString()),
                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
