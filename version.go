package servicestage

// Version is the version of this module, sent in the User-Agent header as
// "servicestage-go/<Version>".
const Version = "0.1.0"
