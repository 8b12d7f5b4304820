(window.SITEGEN_DOCS=window.SITEGEN_DOCS||{})[6]={"t":"The Memo","u":"sources/memo/","k":"Source","s":"An internal memo on smuggling.","x":"The memo describes Freedonia's smuggling networks."};
