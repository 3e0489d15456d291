// Every htmx request and every fetch the pages make to /api carries the session's CSRF token
// (WebSecurityConfig: a signed-in page's request to /api needs it to change anything).
function qiaoCsrfHeaders() {
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    return token && header ? {[header.content]: token.content} : {};
}
document.addEventListener('htmx:configRequest', e => Object.assign(e.detail.headers, qiaoCsrfHeaders()));
// A form with data-confirm asks before it is sent (a decision such as linking two records).
document.addEventListener('submit', e => {
    const question = e.target.dataset && e.target.dataset.confirm;
    if (question && !window.confirm(question)) { e.preventDefault(); }
});
