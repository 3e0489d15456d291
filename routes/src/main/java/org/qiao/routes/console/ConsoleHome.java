package org.qiao.routes.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's entry: the sign-in page, and after it the first page the user's roles may see. */
@Controller
public class ConsoleHome {

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    /** Operators and clinicians start at the residents, auditors at the audit trail, the authority at statistics. */
    @GetMapping("/")
    public String home(Authentication user) {
        var roles = user.getAuthorities().stream().map(Object::toString).toList();
        if (roles.contains("ROLE_ADMIN") || roles.contains("ROLE_OPERATOR")) {
            return "redirect:/residents";
        }
        if (roles.contains("ROLE_CLINICIAN")) {
            return "redirect:/residents";
        }
        if (roles.contains("ROLE_AUTHORITY")) {
            return "redirect:/statistics";
        }
        if (roles.contains("ROLE_AUDITOR")) {
            return "redirect:/audit";
        }
        return "console/no-role";
    }
}
