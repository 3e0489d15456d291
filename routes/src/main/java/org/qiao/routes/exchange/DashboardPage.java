package org.qiao.routes.exchange;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The operators' overview page; its chart draws /api/dashboard, the numbers beside it are rendered here. */
@Controller
public class DashboardPage {

    private final DashboardApi api;

    public DashboardPage(DashboardApi api) {
        this.api = api;
    }

    @GetMapping("/dashboard")
    public String dashboard(Model model) {
        model.addAttribute("d", api.dashboard());
        return "console/dashboard";
    }
}
