(window.SITEGEN_DOCS=window.SITEGEN_DOCS||{})[3]={"t":"Ruritania","u":"countries/ruritania/","k":"Country","s":"A neighbouring country.","x":"Ruritania is next to Republic of Freedonia."};
