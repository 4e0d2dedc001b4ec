// Bootstraps the bundled Swagger UI on /docs (kept out of the page: the CSP forbids inline scripts).
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
