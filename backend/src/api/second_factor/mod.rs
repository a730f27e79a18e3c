//! Second factors for staff (TOTP): each staff member enrols their own; the owner resets a lost
//! one and decides whether every staff member must have one.

pub mod confirm;
pub mod reset;
pub mod settings;
pub mod start;
