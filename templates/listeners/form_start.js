// form_start: the first time a visitor types into or changes a field of a
// form matching tagspec.selector, push tagspec.event once for that form.
var started = [];

function onFieldInput(e) {
  var form = closestForm(e.target);
  if (!form || !matches(form, tagspec.selector)) { return; }
  for (var i = 0; i < started.length; i++) {
    if (started[i] === form) { return; }
  }
  started.push(form);
  push(form, {'tagspec.field': e.target.name || e.target.id || ''});
}

document.addEventListener('input', onFieldInput, true);
document.addEventListener('change', onFieldInput, true);
