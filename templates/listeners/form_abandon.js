// form_abandon: a form matching tagspec.selector that the visitor started
// (typed into or changed a field) but did not submit is abandoned when the
// page is hidden or unloaded; push tagspec.event once for it then, with the
// name of the last field touched.
var forms = [];

function stateOf(form) {
  for (var i = 0; i < forms.length; i++) {
    if (forms[i].form === form) { return forms[i]; }
  }
  var st = {form: form, lastField: '', submitted: false, reported: false};
  forms.push(st);
  return st;
}

function onFieldInput(e) {
  var form = closestForm(e.target);
  if (!form || !matches(form, tagspec.selector)) { return; }
  stateOf(form).lastField = e.target.name || e.target.id || '';
}

function onSubmit(e) {
  var form = e.target;
  if (form && form.nodeName === 'FORM' && matches(form, tagspec.selector)) {
    stateOf(form).submitted = true;
  }
}

function reportAbandoned() {
  for (var i = 0; i < forms.length; i++) {
    var st = forms[i];
    if (st.submitted || st.reported || st.lastField === '') { continue; }
    st.reported = true;
    push(st.form, {'tagspec.last_field': st.lastField});
  }
}

document.addEventListener('input', onFieldInput, true);
document.addEventListener('change', onFieldInput, true);
document.addEventListener('submit', onSubmit, true);
document.addEventListener('visibilitychange', function () {
  if (document.visibilityState === 'hidden') { reportAbandoned(); }
});
window.addEventListener('pagehide', reportAbandoned);
