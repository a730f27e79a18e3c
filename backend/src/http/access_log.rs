//! One access-log line per request. Method and path are client-chosen, so they are logged
//! bounded (see `http::methods`).

use actix_web::middleware::Logger;

use super::methods;

pub fn logger() -> Logger {
    Logger::new("%a \"%{method}xi %{path}xi\" %s %b %Dms")
        .custom_request_replace("method", |req| methods::label(req.method()).into())
        .custom_request_replace("path", |req| methods::loggable_path(req.path()))
}
