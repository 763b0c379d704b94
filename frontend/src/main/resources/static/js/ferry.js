// The little JavaScript the portal needs; everything else is htmx attributes in the templates.
(function () {
  'use strict';

  // Every htmx request carries the CSRF token, read once from the layout's meta tags.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Server errors in htmx calls show in the flash area instead of failing silently.
  document.addEventListener('htmx:responseError', function (event) {
    var area = document.getElementById('flash');
    if (!area) {
      return;
    }
    var message = document.createElement('p');
    message.className = 'flash flash-error';
    message.textContent = area.dataset.errorText || 'The request failed (' + event.detail.xhr.status + ').';
    area.replaceChildren(message);
  });
})();
