(window.SITEGEN_DOCS=window.SITEGEN_DOCS||{})[4]={"t":"Fixture Wiki","u":"","k":"Home","s":"A wiki for tests.","x":"Start at Freedonia."};
