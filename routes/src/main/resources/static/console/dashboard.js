// Draws messages per hour of the last 24 hours, one line per transaction, from /api/dashboard (the canvas's
// data-api). The numbers are also in the table under it, rendered by the server.
(function () {
    const canvas = document.getElementById('chart');
    if (!canvas) { return; }
    fetch(canvas.dataset.api, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
        .then(r => r.ok ? r.json() : Promise.reject(r.status))
        .then(d => {
            const labels = d.hours.map(h => new Date(h).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}));
            new Chart(canvas, {
                type: 'line',
                data: {labels: labels, datasets: d.transactions.map(t => ({label: t.transaction, data: t.perHour, tension: 0.2}))},
                options: {maintainAspectRatio: false, animation: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
            });
            canvas.dataset.drawn = String(d.transactions.reduce((n, t) => n + t.messages, 0));
        })
        .catch(status => { canvas.dataset.drawn = 'error ' + status; });
})();
