pub mod netlink;
pub mod set;
