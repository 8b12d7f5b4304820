(window.SITEGEN_DOCS=window.SITEGEN_DOCS||{})[0]={"t":"About","u":"about/","k":"Page","s":"About this wiki.","x":"Made for tests of The Memo."};
