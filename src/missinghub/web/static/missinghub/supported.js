// Marks the page as able to run GOV.UK Frontend (an external file, so the CSP needs no inline script).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
