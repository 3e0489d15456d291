package org.qiao.routes.console;

import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.ResidentRecords;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A resident by any of its identifiers, as the PIX Manager holds it (the journal and outbox: package exchange).
 * HTTP Basic login and roles: see WebSecurityConfig.
 */
@RestController
@RequestMapping("/api")
public class AdminApi {

    private final ResidentRecords residents;
    private final IdentityDomains domains;

    public AdminApi(ResidentRecords residents, IdentityDomains domains) {
        this.residents = residents;
        this.domains = domains;
    }

    /** A resident by any of its identifiers: cross-referenced identifiers and every source's record. */
    @GetMapping("/patients/{domain}/{id}")
    public ResidentResponse patient(@PathVariable String domain, @PathVariable String id) {
        if (domains.byCode(domain).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown identity domain " + domain);
        }
        return residents.byIdentifier(new Identifier(id, domain)).map(ResidentResponse::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown patient"));
    }
}
