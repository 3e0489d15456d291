// Draws the statistics chart from the page's own API (the canvas's data-api): bars for a single period or series
// of codes, lines over time otherwise. The numbers are in the table beside it, rendered by the server.
(function () {
    const canvas = document.getElementById('chart');
    if (!canvas) { return; }
    fetch(canvas.dataset.api, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
        .then(r => r.ok ? r.json() : Promise.reject(r.status))
        .then(a => {
            const line = a.periods.length > 1;
            new Chart(canvas, {
                type: line ? 'line' : 'bar',
                data: {
                    labels: a.periods,
                    datasets: a.series.map(s => ({label: s.label === 'all' ? '∑' : s.label, data: s.counts, tension: 0.2}))
                },
                options: {maintainAspectRatio: false, animation: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
            });
            canvas.dataset.drawn = String(a.total);
        })
        .catch(status => { canvas.dataset.drawn = 'error ' + status; });
})();
