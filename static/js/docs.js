// Starts Swagger UI on /docs from a file, so the page needs no inline script (CSP: script-src 'self').
window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
