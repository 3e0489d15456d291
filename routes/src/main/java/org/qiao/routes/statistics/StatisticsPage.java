package org.qiao.routes.statistics;

import org.qiao.stats.Measure;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Arrays;

/**
 * The statistics page (统计与决策支持): a measure's chart, drawn from the JSON of {@link StatisticsApi}, with the
 * numbers in a table beside it, CSV export, and the surveillance flags. Aggregates only.
 */
@Controller
public class StatisticsPage {

    private final StatisticsApi api;

    public StatisticsPage(StatisticsApi api) {
        this.api = api;
    }

    @GetMapping("/statistics")
    public String statistics(@RequestParam(defaultValue = "visits") String measure,
                             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(defaultValue = "day") String by,
                             @RequestParam(required = false) String group, @RequestParam(required = false) String code,
                             Model model) {
        model.addAttribute("measures", Arrays.stream(Measure.values()).map(m -> m.id).toList());
        model.addAttribute("measure", measure);
        model.addAttribute("by", by);
        model.addAttribute("group", group == null ? "" : group);
        model.addAttribute("code", code == null ? "" : code);
        try {
            var answer = api.answer(measure, from, to, by, group, null, code, 20);
            model.addAttribute("answer", answer);
            var query = UriComponentsBuilder.fromPath("/api/statistics/{m}").queryParam("from", answer.from())
                    .queryParam("to", answer.to()).queryParam("by", answer.by());
            if (answer.group() != null) {
                query.queryParam("group", answer.group());
            }
            if (code != null && !code.isBlank()) {
                query.queryParam("code", code);
            }
            model.addAttribute("apiUrl", query.buildAndExpand(answer.measure()).encode().toUriString());
            model.addAttribute("from", answer.from());
            model.addAttribute("to", answer.to());
        } catch (ResponseStatusException e) {
            model.addAttribute("problem", e.getReason());
            model.addAttribute("from", from);
            model.addAttribute("to", to);
        }
        try {
            model.addAttribute("flags", api.alerts(null, null));
        } catch (ResponseStatusException e) {
            model.addAttribute("flags", java.util.List.of());
        }
        model.addAttribute("rules", api.measures().surveillance());
        return "console/statistics";
    }
}
