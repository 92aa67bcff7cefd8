// The public API document in Swagger UI; "Try it out" calls this gateway (the document's server).
window.ui = SwaggerUIBundle({url: '/api-docs', dom_id: '#api', deepLinking: true});
