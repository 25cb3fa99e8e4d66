pub mod netlink;
pub mod output;
pub mod set;
